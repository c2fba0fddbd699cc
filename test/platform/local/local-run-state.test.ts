import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSameProcessAlive, type LocalRunState, LocalRunStateRecorder, processStartTicks } from '../../../src/platform/local/local-run-state.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-run-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A /proc/<pid>/stat line with the given state and start time (field 22). */
function fakeProc(pid: number, state: string, startTimeTicks: number): void {
  mkdirSync(join(dir, 'proc', String(pid)), { recursive: true });
  const fields = [state, ...Array.from({ length: 18 }, () => '0'), String(startTimeTicks), '0', '0'];
  writeFileSync(join(dir, 'proc', String(pid), 'stat'), `${pid} (order service) ${fields.join(' ')}\n`);
}

describe('processStartTicks and isSameProcessAlive', () => {
  it('reads the start time of a live process, and nothing for a zombie or a missing one', () => {
    const procRoot = join(dir, 'proc');
    fakeProc(100, 'S', 4242);
    fakeProc(101, 'Z', 4243);
    expect(processStartTicks(100, procRoot)).toBe(4242);
    expect(processStartTicks(101, procRoot)).toBeNull();
    expect(processStartTicks(102, procRoot)).toBeNull();
  });

  it('matches a recorded process by its start time, so a reused pid is not mistaken for it', () => {
    const procRoot = join(dir, 'proc');
    fakeProc(100, 'R', 4242);
    expect(isSameProcessAlive(100, 4242, procRoot)).toBe(true);
    expect(isSameProcessAlive(100, 9999, procRoot)).toBe(false);
    expect(isSameProcessAlive(100, null, procRoot)).toBe(true);
    expect(isSameProcessAlive(102, null, procRoot)).toBe(false);
  });

  it('reads this very process from the real /proc', () => {
    expect(processStartTicks(process.pid)).toEqual(expect.any(Number));
  });
});

describe('LocalRunStateRecorder', () => {
  it('records the harness and its processes as they come and go, in a 0600 file, and removes it at the end', () => {
    const path = join(dir, 'local-run.json');
    const recorder = new LocalRunStateRecorder({ path, runId: 'r1' });
    const read = () => JSON.parse(readFileSync(path, 'utf8')) as LocalRunState;
    expect(read()).toEqual({ version: 1, runId: 'r1', harness: { pid: process.pid, startTimeTicks: processStartTicks(process.pid) }, processes: [] });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    recorder.add({ component: 'order-service "order"', pid: process.pid, command: 'node order.mjs' });
    recorder.add({ component: 'gone', pid: 999_999_999, command: 'x' });
    expect(read().processes).toEqual([
      { component: 'order-service "order"', pid: process.pid, command: 'node order.mjs', startTimeTicks: processStartTicks(process.pid) },
      { component: 'gone', pid: 999_999_999, command: 'x', startTimeTicks: null },
    ]);
    recorder.remove(999_999_999);
    expect(read().processes.map((p) => p.component)).toEqual(['order-service "order"']);
    recorder.close();
    expect(existsSync(path)).toBe(false);
  });

  it('records nothing, without failing, once its folder is gone', () => {
    const sub = join(dir, 'run');
    mkdirSync(sub);
    const recorder = new LocalRunStateRecorder({ path: join(sub, 'local-run.json'), runId: 'r1' });
    rmSync(sub, { recursive: true });
    expect(() => recorder.add({ component: 'x', pid: 1, command: 'x' })).not.toThrow();
    expect(existsSync(sub)).toBe(false);
  });
});
