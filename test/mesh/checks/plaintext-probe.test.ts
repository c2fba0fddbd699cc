import { execFile } from 'node:child_process';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { judgeProbe, parseProbeLog, PROBE_SCRIPT, plaintextProbeJob } from '../../../src/mesh/checks/plaintext-probe.ts';

const TARGET_URL = 'http://order.bench.svc.cluster.local:8080/orders/1';

describe('parseProbeLog', () => {
  it('reads the last probe line, skipping other output', () => {
    expect(parseProbeLog('{"outcome":"error","code":"ECONNRESET"}\nnoise\n{"outcome":"response","status":403}\n')).toEqual({ outcome: 'response', status: 403 });
    expect(parseProbeLog('{"outcome":"response","status":200}\n{"other":1}\n{broken')).toEqual({ outcome: 'response', status: 200 });
    expect(parseProbeLog('  {"outcome":"error","code":"ETIMEDOUT"}  ')).toEqual({ outcome: 'error', code: 'ETIMEDOUT' });
  });

  it('is null without a well-formed result', () => {
    expect(parseProbeLog('')).toBeNull();
    expect(parseProbeLog('{"outcome":"response","status":"200"}')).toBeNull();
    expect(parseProbeLog('null\n{"outcome":"error"}')).toBeNull();
  });
});

describe('judgeProbe', () => {
  const judge = (refusal: 'reset' | 'reset-or-403' | 'policy-drop', outcome: Parameters<typeof judgeProbe>[0]['outcome']) =>
    judgeProbe({ name: 'plaintext-refused', url: TARGET_URL, outcome, log: '', refusal });

  it('passes a policy drop (timeout) or a 403 for Cilium, not a reset', () => {
    expect(judge('policy-drop', { outcome: 'error', code: 'ETIMEDOUT' })).toEqual({
      name: 'plaintext-refused',
      passed: true,
      evidence: [`plaintext GET ${TARGET_URL} from an un-meshed namespace`, 'ETIMEDOUT: connection refused by the mesh (a policy drop (timeout) or HTTP 403)'],
    });
    expect(judge('policy-drop', { outcome: 'response', status: 403 }).passed).toBe(true);
    expect(judge('policy-drop', { outcome: 'error', code: 'ECONNRESET' }).passed).toBe(false);
  });

  it('passes a 403 or a reset for Linkerd', () => {
    expect(judge('reset-or-403', { outcome: 'response', status: 403 }).evidence[1]).toBe('HTTP 403: denied by mesh policy (no client identity)');
    expect(judge('reset-or-403', { outcome: 'error', code: 'EPIPE' }).passed).toBe(true);
    expect(judge('reset-or-403', { outcome: 'response', status: 404 }).evidence[1]).toBe('HTTP 404: plaintext was ACCEPTED (expected HTTP 403 or a connection reset)');
  });

  it('says a 403 is not what Istio does', () => {
    expect(judge('reset', { outcome: 'response', status: 403 }).evidence[1]).toBe('HTTP 403 (expected a connection reset)');
  });

  it('quotes the end of the log when the probe printed nothing usable', () => {
    const check = judgeProbe({ name: 'x', url: TARGET_URL, outcome: null, log: 'a\nb\nc\nd\n', refusal: 'reset' });
    expect(check.evidence[1]).toBe('probe printed no result (log: b | c | d)');
  });
});

describe('plaintextProbeJob', () => {
  it('is one un-meshed, hardened pod that never retries and cleans itself up', () => {
    const job = plaintextProbeJob({ namespace: 'probe', jobName: 'plaintext-probe-x', url: TARGET_URL, image: 'node:22', imagePullPolicy: 'IfNotPresent', timeoutMs: 5_500 });
    expect(job.metadata).toEqual({ name: 'plaintext-probe-x', namespace: 'probe', labels: { 'app.kubernetes.io/name': 'plaintext-probe', 'app.kubernetes.io/managed-by': 'meshbench' } });
    const spec = job['spec'] as { backoffLimit: number; activeDeadlineSeconds: number; ttlSecondsAfterFinished: number; template: { spec: { restartPolicy: string; containers: { env: unknown; securityContext: { runAsNonRoot: boolean } }[] } } };
    expect(spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 6 + 120, ttlSecondsAfterFinished: 600 });
    expect(spec.template.spec.restartPolicy).toBe('Never');
    expect(spec.template.spec.containers[0]?.env).toEqual([
      { name: 'PROBE_URL', value: TARGET_URL },
      { name: 'PROBE_TIMEOUT_MS', value: '5500' },
    ]);
    expect(spec.template.spec.containers[0]?.securityContext.runAsNonRoot).toBe(true);
  });
});

describe('the probe script', () => {
  let server: Server | null = null;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  function runProbe(url: string, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(process.execPath, ['-e', PROBE_SCRIPT], { env: { PROBE_URL: url, PROBE_TIMEOUT_MS: String(timeoutMs) }, timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
  }

  async function listen(handler: RequestListener): Promise<number> {
    const s = createServer(handler);
    server = s;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return (s.address() as AddressInfo).port;
  }

  it('prints the status of an answer and a reset as one JSON line, exiting 0', async () => {
    const port = await listen((req, res) => {
      if (req.url === '/reset') req.socket.destroy();
      else res.writeHead(403).end();
    });
    expect(parseProbeLog(await runProbe(`http://127.0.0.1:${port}/orders/1`, 2_000))).toEqual({ outcome: 'response', status: 403 });
    expect(parseProbeLog(await runProbe(`http://127.0.0.1:${port}/reset`, 2_000))).toEqual({ outcome: 'error', code: 'ECONNRESET' });
  });

  it('reports a timeout as ETIMEDOUT', async () => {
    const port = await listen(() => undefined);
    expect(parseProbeLog(await runProbe(`http://127.0.0.1:${port}/`, 100))).toEqual({ outcome: 'error', code: 'ETIMEDOUT' });
  });
});
