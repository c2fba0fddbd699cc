/**
 * ProcessMeter's bookkeeping: a pid that exits mid-window keeps its last sample and is named in a
 * warning; per-component usage and host CPU on a fixture /proc. No time or CPU figure is judged
 * on a real process here; those are in process-meter-timing.test.ts (timing tier).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnProcess } from '../../src/exec/command-runner.ts';
import { ProcessMeter } from '../../src/metrics/process-meter.ts';

// A real process on a shared 2-core machine: a stall of the machine can fail one attempt; a real
// bug fails all three.
describe('ProcessMeter on real processes', { retry: 2 }, () => {
  it('keeps the last sample of a pid that exits mid-window and warns', async () => {
    const child = spawnProcess('node', ['-e', 'setTimeout(() => {}, 300)']);
    // The meter's clock jumps 200 ms once the child is gone: the window then ends well after its
    // last sample, whenever the last periodic sample fell (no real wait).
    let skewMs = 0;
    const nowMs = () => Date.now() + skewMs;
    const meter = new ProcessMeter({
      groups: [{ component: 'short-lived', role: 'app', pids: [child.pid] }],
      intervalMs: 50,
      nowMs,
    });
    await meter.start();
    const startMs = nowMs();
    await child.exited;
    skewMs = 200;
    const found = await meter.stop({ startMs, endMs: nowMs(), achievedRps: 1, completedRequests: 1 });
    expect(found.resources[0]?.samples).toBeGreaterThan(0);
    expect(found.resources[0]?.memoryAvgBytes).toBeGreaterThan(0);
    expect(found.warnings).toContainEqual(`short-lived pid ${child.pid} exited while metered; its last sample is kept`);
    expect(found.warnings.join('\n')).toMatch(/last sample is \d+ ms before the window end/);
  });
});

describe('ProcessMeter on a fixture /proc', () => {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'meshbench-proc-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const units = { clockTicksPerSecond: 100, pageSizeBytes: 4096 };
  const writePid = (pid: number, ticks: number, rssPages: number, startTimeTicks = 500) => {
    mkdirSync(join(root, String(pid)), { recursive: true });
    const fields = `S 1 1 1 0 -1 0 0 0 0 0 ${ticks} 0 0 0 20 0 1 0 ${startTimeTicks} 1000 ${rssPages} 0`;
    writeFileSync(join(root, String(pid), 'stat'), `${pid} (p) ${fields}\n`);
  };
  const writeHost = (busyTicks: number, idleTicks: number) =>
    writeFileSync(join(root, 'stat'), `cpu  ${busyTicks} 0 0 ${idleTicks} 0 0 0 0 0 0\ncpu0 0 0 0 0\ncpu1 0 0 0 0\n`);

  it('computes per-component usage and host CPU; a reused pid counts as exited', async () => {
    let nowMs = 0;
    const meter = new ProcessMeter({
      groups: [
        { component: 'haproxy-client', role: 'data-plane', pids: [11] },
        { component: 'haproxy-server', role: 'data-plane', pids: [22] },
      ],
      units,
      procRoot: root,
      nowMs: () => nowMs,
    });
    writePid(11, 0, 100);
    writePid(22, 1000, 300);
    writeHost(0, 0);
    await meter.sampleNow();
    nowMs = 1000;
    writePid(11, 50, 300);
    writePid(22, 1100, 300);
    writeHost(150, 50);
    await meter.sampleNow();
    nowMs = 2000;
    writePid(11, 100, 100);
    writePid(22, 5000, 300, 999); // a different process now has pid 22
    writeHost(300, 100);
    const found = await meter.stop({ startMs: 0, endMs: 2000, achievedRps: 500, completedRequests: 1000 });
    const [client, server] = found.resources;
    expect(client).toMatchObject({ cpuCoreSeconds: 1, vcpu: 0.5, vcpuPer1kRps: 1, memoryMaxBytes: 300 * 4096 });
    expect(client?.memoryAvgBytes).toBeCloseTo(200 * 4096, 6);
    expect(server).toMatchObject({ cpuCoreSeconds: 1, instances: ['22'] });
    expect(found.hostCpu).toEqual({ cores: 2, busyCoreSeconds: 3, utilization: 0.75, coreSecondsPer1kRequests: 3, stealFraction: 0, countedShareOfWallClock: 1 });
    expect(found.warnings).toEqual([
      'haproxy-server pid 22 exited while metered; its last sample is kept',
      'haproxy-server 22: last sample is 1000 ms before the window end (exited or not sampled); CPU after it is not counted',
    ]);
  });
});
