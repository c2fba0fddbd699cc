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
