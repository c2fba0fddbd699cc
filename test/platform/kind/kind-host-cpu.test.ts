import { describe, expect, it } from 'vitest';
import { createKindHostCpuReader } from '../../../src/platform/kind/kind-host-cpu.ts';
import { FakeToolRunner } from '../../helpers/fake-tool-runner.ts';

const PROC_STAT = [
  'cpu  1000 50 500 8000 100 20 30 40 0 0',
  'cpu0 500 25 250 4000 50 10 15 20 0 0',
  'cpu1 500 25 250 4000 50 10 15 20 0 0',
  'intr 12345',
  '',
].join('\n');

describe('createKindHostCpuReader', () => {
  it('reads the Docker VM\'s /proc/stat through a node container off Linux, at 100 ticks per second', async () => {
    const runner = new FakeToolRunner(() => ({ stdout: PROC_STAT }));
    const read = createKindHostCpuReader({ runner, nodeContainer: 'meshbench-x-control-plane', platform: 'darwin', env: { DOCKER_HOST: 'unix:///x' } });
    const sample = await read();
    expect(runner.commandLines).toEqual(['docker exec meshbench-x-control-plane cat /proc/stat']);
    expect(runner.calls[0]?.options?.env).toEqual({ DOCKER_HOST: 'unix:///x' });
    // busy = user + nice + system + irq + softirq; total adds idle, iowait and steal.
    expect(sample.busyCoreSeconds).toBeCloseTo((1000 + 50 + 500 + 20 + 30) / 100, 9);
    expect(sample.stealCoreSeconds).toBeCloseTo(40 / 100, 9);
    expect(sample.totalCoreSeconds).toBeCloseTo((1600 + 8000 + 100 + 40) / 100, 9);
    expect(sample.cores).toBe(2);
  });

  it('reads this host\'s /proc/stat on Linux, asking getconf for the tick rate once', async () => {
    const runner = new FakeToolRunner((_file, args) => ({ stdout: args[0] === 'CLK_TCK' ? '100' : '4096' }));
    const read = createKindHostCpuReader({ runner, nodeContainer: 'unused', platform: 'linux' });
    const first = await read();
    const second = await read();
    expect(runner.commandLines).toEqual(['getconf CLK_TCK', 'getconf PAGESIZE']);
    expect(second.totalCoreSeconds).toBeGreaterThanOrEqual(first.totalCoreSeconds);
    expect(first.cores).toBeGreaterThanOrEqual(1);
  });
});
