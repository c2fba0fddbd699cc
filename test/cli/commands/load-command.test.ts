import { describe, expect, it } from 'vitest';
import { runBench } from '../../helpers/cli-harness.ts';

describe('bench load refuses what it cannot measure', () => {
  it.each([
    [['load', 'http://127.0.0.1:9/', '--rate', '100', '-d', '0s'], /--duration.*must be longer than zero/],
    [['load', 'http://127.0.0.1:9/', '--rate', '100', '-t', '0s'], /--timeout.*must be longer than zero/],
    [['load', 'http://127.0.0.1:9/', '--rate', '1e9', '-d', '1s'], /--rate 1000000000 is more than 1 load thread\(s\) can schedule \(at most 100,000 rps per thread\)/],
    [['load', 'http://127.0.0.1:9/', '--engine', 'closed', '--rate', '100'], /--rate, --arrival and --threads are for the open loop/],
    [['load', 'http://127.0.0.1:9/', '--engine', 'closed', '--arrival', 'poisson'], /--rate, --arrival and --threads are for the open loop/],
    [['load', 'http://127.0.0.1:9/', '--engine', 'closed', '--threads', '2'], /--rate, --arrival and --threads are for the open loop/],
    [['load', 'http://127.0.0.1:9/', '--rate', '100', '--threads', '0'], /--threads.*positive integer/],
  ])('bench %j exits 2 with a one-line error', async (args, message) => {
    const started = Date.now();
    const run = await runBench(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    // Refused up front, before any load.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('bench load --json', () => {
  it('--json - puts the measurement on stdout and the report on stderr; --json FILE writes it', async () => {
    const { startTestServer } = await import('../../helpers/http-test-server.ts');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const server = await startTestServer();
    const dir = mkdtempSync(join(tmpdir(), 'meshbench-load-json-'));
    try {
      const args = ['load', `${server.url}/orders/1`, '--rate', '50', '--duration', '1s', '--warmup', '0s'];
      const piped = await runBench([...args, '--json', '-']);
      // 0, or 6 when this busy machine made the window invalid: the JSON is written either way.
      expect([0, 6], piped.stderr).toContain(piped.code);
      const rep = JSON.parse(piped.stdout) as { targetRps: number; requests: { completed: number }; valid: boolean; histograms: { latencyUs: string } };
      expect(rep.targetRps).toBe(50);
      expect(rep.requests.completed).toBeGreaterThanOrEqual(49);
      expect(rep.histograms.latencyUs.length).toBeGreaterThan(0);
      expect(piped.stderr).toMatch(/latency \(from intended send\)/);
      const file = join(dir, 'load.json');
      const written = await runBench([...args, '--json', file]);
      expect([0, 6], written.stderr).toContain(written.code);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ targetRps: 50 });
      expect(written.stdout).toMatch(/latency \(from intended send\)/);
      expect(written.stderr).toContain(`json: ${file}`);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
