import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import type { CommandResult, CommandRunner } from '../../src/exec/command-runner.ts';
import { ExecaCommandRunner } from '../../src/exec/command-runner.ts';
import {
  parseProcPidStat,
  parseProcStat,
  readHostCpuSample,
  readProcessSample,
  readProcUnits,
} from '../../src/metrics/proc-stat.ts';

/** A /proc/<pid>/stat line with the given command name (fields as on Linux 6.x). */
const pidStatLine = (comm: string, state = 'S') =>
  `4242 (${comm}) ${state} 1 4242 4242 0 -1 4194560 1200 0 0 0 250 125 7 3 20 0 3 0 98765 123456789 2048 ` +
  '18446744073709551615 94297231851520 94297231871401 140733035966496 0 0 0 0 4096 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n';

const PROC_STAT = [
  'cpu  8787 0 3431 127344 499 0 119 86 0 0',
  'cpu0 3970 0 1505 64472 88 0 22 42 0 0',
  'cpu1 4817 0 1926 62871 411 0 96 43 0 0',
  'intr 1234 0 0',
  'ctxt 98765',
  'btime 1700000000',
  '',
].join('\n');

const units = { clockTicksPerSecond: 100, pageSizeBytes: 4096 };

describe('parseProcPidStat', () => {
  it.each([
    'haproxy',
    'my proc',
    'weird) (name',
    'a) S 1 2 3 (b',
    ')',
  ])('parses after the last ")" with command name %j', (comm) => {
    expect(parseProcPidStat(pidStatLine(comm))).toEqual({
      state: 'S',
      utimeTicks: 250,
      stimeTicks: 125,
      startTimeTicks: 98765,
      rssPages: 2048,
    });
  });

  it.each(['', 'garbage', '4242 (x) S 1 2', '4242 (x) 7 1 4242 4242 0 -1 0 0 0 0 0 a b'])('refuses %j', (text) => {
    expect(() => parseProcPidStat(text)).toThrow(HarnessError);
  });
});

describe('parseProcStat', () => {
  it('sums busy ticks (not idle, not iowait, not steal) and counts cores', () => {
    expect(parseProcStat(PROC_STAT)).toEqual({
      busyTicks: 8787 + 3431 + 119,
      stealTicks: 86,
      totalTicks: 8787 + 3431 + 119 + 86 + 127344 + 499,
      cores: 2,
    });
  });

  it('does not count guest time twice (it is already inside user)', () => {
    const cpu = parseProcStat('cpu  100 0 0 100 0 0 0 0 40 0\ncpu0 100 0 0 100 0 0 0 0 40 0\n');
    expect(cpu).toEqual({ busyTicks: 100, stealTicks: 0, totalTicks: 200, cores: 1 });
  });

  it('refuses text without the aggregate cpu line', () => {
    expect(() => parseProcStat('cpu0 1 2 3 4\n')).toThrow(HarnessError);
  });
});

describe('readProcUnits', () => {
  it('asks getconf once per unit', async () => {
    const calls: string[] = [];
    const runner: CommandRunner = {
      run: async (file, args): Promise<CommandResult> => {
        calls.push([file, ...args].join(' '));
        const stdout = args[0] === 'CLK_TCK' ? '100\n' : '4096';
        return { command: file, stdout, stderr: '', exitCode: 0, durationMs: 1 };
      },
    };
    expect(await readProcUnits(runner)).toEqual(units);
    expect(calls).toEqual(['getconf CLK_TCK', 'getconf PAGESIZE']);
  });

  it('reads the real values on this machine', async () => {
    const found = await readProcUnits(new ExecaCommandRunner());
    expect(found.clockTicksPerSecond).toBeGreaterThan(0);
    expect(found.pageSizeBytes % 1024).toBe(0);
  });
});

describe('/proc readers', () => {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'meshbench-proc-'));
    mkdirSync(join(root, '4242'));
    writeFileSync(join(root, '4242', 'stat'), pidStatLine('haproxy'));
    writeFileSync(join(root, 'stat'), PROC_STAT);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('turns ticks into core-seconds and pages into bytes', () => {
    const reading = readProcessSample(4242, { units, procRoot: root, nowMs: () => 1234 });
    expect(reading).toEqual({
      sample: { timeMs: 1234, cpuCoreSeconds: 3.75, memoryBytes: 2048 * 4096 },
      state: 'S',
      startTimeTicks: 98765,
    });
    expect(readHostCpuSample({ units, procRoot: root, nowMs: () => 1234 })).toEqual({
      timeMs: 1234,
      busyCoreSeconds: 123.37,
      stealCoreSeconds: 0.86,
      totalCoreSeconds: 1402.66,
      cores: 2,
    });
  });

  it('returns null for a process that does not exist', () => {
    expect(readProcessSample(999_999_999, { units, procRoot: root })).toBeNull();
  });

  it('reads this process from the real /proc', async () => {
    const realUnits = await readProcUnits(new ExecaCommandRunner());
    const reading = readProcessSample(process.pid, { units: realUnits });
    expect(reading?.state).toMatch(/^[RS]$/);
    expect(reading?.sample.memoryBytes).toBeGreaterThan(10 * 1024 * 1024);
    const ownCpuSeconds = process.cpuUsage();
    expect(reading?.sample.cpuCoreSeconds).toBeCloseTo((ownCpuSeconds.user + ownCpuSeconds.system) / 1e6, 0);
    expect(readHostCpuSample({ units: realUnits }).cores).toBeGreaterThan(0);
  });
});
