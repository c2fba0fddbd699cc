/**
 * The plaintext probe: a short-lived Job in an un-meshed namespace sends one plain HTTP GET to
 * the order service. Where the mesh promises STRICT mTLS the request must meet the refusal that
 * mesh really produces (see {@link ProbeRefusal}); anything else, ECONNREFUSED (no listener: no
 * endpoints, wrong port) above all, is not evidence of mTLS and fails the check saying what was seen. The Job's script always exits 0 and prints one JSON
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

/**
 * What each mesh does to plaintext it refuses:
 * - `reset`: Istio sidecar (Envoy's inbound listener demands TLS) and ztunnel (HBONE only) accept the
 *   TCP connection and reset it: ECONNRESET / EPIPE / "socket hang up";
 * - `reset-or-403`: Linkerd answers HTTP 403 when the inbound policy denies an unauthenticated HTTP
 *   client, or resets the connection (opaque/TCP policy);
 * - `policy-drop`: Cilium drops the packets of a caller its policy does not allow (the client times
 *   out), or cilium-envoy answers 403 for an L7 denial.
 */
export type ProbeRefusal = 'reset' | 'reset-or-403' | 'policy-drop';

const RESET_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

function refusedBy(refusal: ProbeRefusal, outcome: ProbeOutcome): boolean {
  if (outcome.outcome === 'response') return outcome.status === 403 && refusal !== 'reset';
  const reset = RESET_ERRORS.has(outcome.code) || /socket hang up/i.test(outcome.code);
  if (refusal === 'policy-drop') return outcome.code === 'ETIMEDOUT';
  return reset;
}

const REFUSAL_TEXT: Record<ProbeRefusal, string> = {
  reset: 'a connection reset',
  'reset-or-403': 'HTTP 403 or a connection reset',
  'policy-drop': 'a policy drop (timeout) or HTTP 403',
};

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
export function judgeProbe(options: { name: string; url: string; outcome: ProbeOutcome | null; log: string; refusal: ProbeRefusal }): VerificationCheck {
  const { outcome } = options;
  const head = `plaintext GET ${options.url} from an un-meshed namespace`;
  if (outcome === null) {
    const tail = options.log.trim().split('\n').slice(-3).join(' | ');
    return { name: options.name, passed: false, evidence: [head, `probe printed no result (log: ${tail || 'empty'})`] };
  }
  const refused = refusedBy(options.refusal, outcome);
  const expected = `expected ${REFUSAL_TEXT[options.refusal]}`;
  if (outcome.outcome === 'response') {
    const seen = outcome.status === 403 ? 'HTTP 403' : `HTTP ${outcome.status}: plaintext was ACCEPTED`;
    return { name: options.name, passed: refused, evidence: [head, refused ? 'HTTP 403: denied by mesh policy (no client identity)' : `${seen} (${expected})`] };
  }
  const why =
    outcome.code === 'ECONNREFUSED'
      ? 'nothing listens there (no endpoints or wrong port): not evidence of mTLS'
      : outcome.code === 'ETIMEDOUT'
        ? 'no answer (network fault or a drop this mesh does not do): not evidence of mTLS'
        : 'the probe failed for another reason: not evidence of mTLS';
  return {
    name: options.name,
    passed: refused,
    evidence: [head, refused ? `${outcome.code}: connection refused by the mesh (${REFUSAL_TEXT[options.refusal]})` : `${outcome.code}: ${why} (${expected})`],
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
