/**
 * The plaintext probe: a short-lived Job in an un-meshed namespace sends one plain HTTP GET to
 * the order service. Where the mesh promises STRICT mTLS the request must fail (reset, refused,
 * timed out) or be denied by policy (403). The Job's script always exits 0 and prints one JSON
 * line, so the outcome is read from its log, not from the Job status.
 */
import type { KubeObject } from '../../plan/plan-types.ts';
import type { VerificationCheck } from '../../results/result-schema.ts';
import { NAME_LABEL } from '../../workload/kube-labels.ts';
import { hardenedContainerSecurity } from '../../workload/kube-pod-hardening.ts';

/** What the probe saw. */
export type ProbeOutcome = { outcome: 'response'; status: number } | { outcome: 'error'; code: string };

/** Node program run by the probe (node builtins only; one JSON line on stdout). */
export const PROBE_SCRIPT = [
  "const http = require('node:http');",
  'const timeoutMs = Number(process.env.PROBE_TIMEOUT_MS);',
  'const report = (o) => { console.log(JSON.stringify(o)); process.exit(0); };',
  'const req = http.get(process.env.PROBE_URL, { timeout: timeoutMs }, (res) => { res.resume(); report({ outcome: "response", status: res.statusCode }); });',
  "req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));",
  "req.on('error', (e) => report({ outcome: 'error', code: e.code || e.message }));",
].join('\n');

/** Transport errors that mean the connection was refused or torn down, i.e. plaintext was rejected. */
const REJECTING_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** Parses the last JSON line of the probe's log. */
export function parseProbeLog(log: string): ProbeOutcome | null {
  const lines = log.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{'));
  for (const line of lines.reverse()) {
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null) continue;
      const record = value as Record<string, unknown>;
      if (record['outcome'] === 'response' && typeof record['status'] === 'number') return { outcome: 'response', status: record['status'] };
      if (record['outcome'] === 'error' && typeof record['code'] === 'string') return { outcome: 'error', code: record['code'] };
    } catch {
      // not the probe's line
    }
  }
  return null;
}

/** Judges the outcome: passed when plaintext was rejected (pure). */
export function judgeProbe(options: { name: string; url: string; outcome: ProbeOutcome | null; log: string }): VerificationCheck {
  const { outcome } = options;
  const head = `plaintext GET ${options.url} from an un-meshed namespace`;
  if (outcome === null) {
    const tail = options.log.trim().split('\n').slice(-3).join(' | ');
    return { name: options.name, passed: false, evidence: [head, `probe printed no result (log: ${tail || 'empty'})`] };
  }
  if (outcome.outcome === 'response') {
    const denied = outcome.status === 403;
    return {
      name: options.name,
      passed: denied,
      evidence: [head, denied ? 'HTTP 403: denied by mesh policy (no client identity)' : `HTTP ${outcome.status}: plaintext was ACCEPTED`],
    };
  }
  const rejected = REJECTING_ERRORS.has(outcome.code) || /socket hang up/i.test(outcome.code);
  return {
    name: options.name,
    passed: rejected,
    evidence: [head, rejected ? `${outcome.code}: connection rejected (plaintext refused)` : `${outcome.code}: probe failed for another reason (inconclusive)`],
  };
}

export interface ProbeManifestOptions {
  namespace: string;
  jobName: string;
  url: string;
  image: string;
  imagePullPolicy: string;
  timeoutMs: number;
}

/** The probe Job (its namespace is the run's un-meshed probe namespace; the pod opts out of every mesh too). */
export function plaintextProbeJob(options: ProbeManifestOptions): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: options.jobName, namespace: options.namespace, labels: { [NAME_LABEL]: 'plaintext-probe', 'app.kubernetes.io/managed-by': 'meshbench' } },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: Math.ceil(options.timeoutMs / 1000) + 120,
      ttlSecondsAfterFinished: 600,
      template: {
        metadata: {
          labels: { [NAME_LABEL]: 'plaintext-probe', 'sidecar.istio.io/inject': 'false', 'istio.io/dataplane-mode': 'none' },
          annotations: { 'linkerd.io/inject': 'disabled' },
        },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          containers: [
            {
              name: 'probe',
              image: options.image,
              imagePullPolicy: options.imagePullPolicy,
              command: ['node', '-e', PROBE_SCRIPT],
              env: [
                { name: 'PROBE_URL', value: options.url },
                { name: 'PROBE_TIMEOUT_MS', value: String(options.timeoutMs) },
              ],
              securityContext: hardenedContainerSecurity(),
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
            },
          ],
        },
      },
    },
  };
}
