/**
 * `bench run baseline --platform local` over https:// (scenario load.tls): the run issues the
 * certificates, the entry (gateway) serves TLS and requires the agents' client certificate, and
 * the result records what TLS negotiated per repetition. One short level, one repetition.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';

const SCENARIO = 'test/fixtures/scenarios/e2e-local-https.yaml';
const dir = mkdtempSync(join(tmpdir(), 'meshbench-e2e-https-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Valid, or invalid only because this shared machine delayed the generator (its scheduler lag). */
function expectValidOrBusy(code: number, reasons: readonly string[] | undefined): void {
  if (code === 0) return;
  expect(code).toBe(6);
  expect(reasons?.every((r) => /generator saturated|busy host, not a saturated generator/.test(r)), JSON.stringify(reasons)).toBe(true);
}

// Real processes and wall-clock timing on a shared 2-core machine: a retry writes the same --out again (--force).
describe('bench run on the local platform over https', { retry: 2 }, () => {
  it('HTTP/1.1 over TLS with SNI and a client certificate: every request answered, TLS version and cipher recorded and shown', async () => {
    const out = join(dir, 'https.json');
    const run = await runBench(['run', 'baseline', '--platform', 'local', '--scenario', SCENARIO, '--out', out, '--force']);
    const result = readResultFile(out);
    expect(result.status).toBe('complete');
    const rep = result.levels[0]?.repetitions[0];
    expectValidOrBusy(run.code, rep?.invalidReasons);
    expect(rep?.requests.scheduled).toBe(100);
    expect(rep?.requests.completed).toBe(100);
    expect(rep?.requests.errors).toBe(0);
    // Node's default TLS: 1.3 with one of its AES-GCM or ChaCha20 suites; one handshake per connection at least.
    expect(rep?.generator.tls?.version).toBe('TLSv1.3');
    expect(rep?.generator.tls?.cipher).toMatch(/^TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/);
    expect(rep?.generator.tls?.handshakes).toBeGreaterThanOrEqual(4);
    expect(result.target.protocolHandling).toBe('no proxy: HTTP/1.1 over TLS goes from the agent to the entry service as sent');
    const tlsCheck = result.verification.checks.find((c) => c.name === 'entry-tls');
    expect(tlsCheck?.passed).toBe(true);
    expect(tlsCheck?.evidence.join(' ')).toMatch(/SNI orders\.bench\.test, client certificate presented, certificate verified\): TLSv1\.3 TLS_/);
    expect(result.verification.checks.find((c) => c.name === 'request-reaches-chain')?.evidence.join(' ')).toMatch(/GET https:\/\/127\.0\.0\.1:\d+\/orders\/1 → 200, x-chain-depth: 2/);
    // The run summary (stdout) shows what was negotiated.
    expect(run.stdout).toMatch(/TLS from the agents to the entry: TLSv1\.3 TLS_\w+; \d+ handshakes, \d+ resumed/);
    // The entry terminates TLS itself: its handshake and record costs are in its own /proc figures.
    expect(rep?.resources.map((r) => r.component).sort()).toEqual(['gateway', 'order']);
  });

  it('h2 (HTTP/2 over TLS, ALPN) runs once load.tls serves the entry over TLS', async () => {
    const scenario = join(dir, 'h2-tls.yaml');
    writeFileSync(scenario, readFileSync(SCENARIO, 'utf8').replace('name: e2e-local-https', 'name: e2e-local-h2-tls').replace('  tls:\n', '  protocol: h2\n  maxStreams: 4\n  tls:\n'));
    const out = join(dir, 'h2.json');
    const run = await runBench(['run', 'baseline', '--platform', 'local', '--scenario', scenario, '--out', out, '--force', '--quiet']);
    const result = readResultFile(out);
    const rep = result.levels[0]?.repetitions[0];
    expectValidOrBusy(run.code, rep?.invalidReasons);
    expect(rep?.requests.completed).toBe(100);
    expect(rep?.requests.errors).toBe(0);
    expect(rep?.generator.tls?.version).toBe('TLSv1.3');
    expect(result.target.protocolHandling).toMatch(/HTTP\/2 over TLS/);
  });

  it('refuses load.tls on a target whose proxies parse HTTP, before starting anything (exit 2)', async () => {
    const run = await runBench(['run', 'proxy-mtls', '--scenario', SCENARIO, '--out', join(dir, 'refused.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/sends http1 over TLS \(load\.tls\), which target "proxy-mtls" cannot carry: the local haproxy sidecar pair parses HTTP/);
  });
});
