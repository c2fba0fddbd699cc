/**
 * The registry of a local run's processes: each process is in the state file while it runs and
 * leaves it when it exits; a service or proxy that exits unasked is a component failure (how it
 * ended and its last output), a load agent only when it fails; exits during teardown, after a
 * stop request or after Ctrl-C are expected.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnProcess } from '../../../src/exec/command-runner.ts';
import { LocalProcesses } from '../../../src/platform/local/local-processes.ts';
import { LOCAL_RUN_STATE_FILE, type LocalRunState, processStartTicks } from '../../../src/platform/local/local-run-state.ts';

let dir: string;
const statePath = () => join(dir, LOCAL_RUN_STATE_FILE);
const state = () => JSON.parse(readFileSync(statePath(), 'utf8')) as LocalRunState;
const node = (code: string) => spawnProcess(process.execPath, ['-e', code]);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-local-processes-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('LocalProcesses', () => {
  it('records each process with its start time, and a service that exits unasked as the failure', async () => {
    const processes = new LocalProcesses({ statePath: statePath(), runId: 'r1' });
    expect(state()).toMatchObject({ version: 1, runId: 'r1', harness: { pid: process.pid, startTimeTicks: processStartTicks(process.pid) }, processes: [] });
    const service = node('console.log("listening"); console.error("boom"); setTimeout(() => process.exit(7), 300)');
    const proxy = spawnProcess('sleep', ['30']);
    processes.add('order-service "order"', service);
    processes.add('haproxy-server', proxy);
    expect(state().processes.map((p) => [p.component, p.pid, p.startTimeTicks !== null])).toEqual([
      ['order-service "order"', service.pid, true],
      ['haproxy-server', proxy.pid, true],
    ]);
    expect(processes.failure()).toBeNull();
    await service.exited.catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(processes.failure()).toEqual({ component: 'order-service "order"', pid: service.pid, how: 'exited with code 7', outputTail: ['listening', 'boom'] });
    expect(state().processes.map((p) => p.component)).toEqual(['haproxy-server']);
    // Teardown: expected exits, and the state file goes.
    processes.markStopping();
    await proxy.stop(1_000);
    processes.close();
    expect(existsSync(statePath())).toBe(false);
  });

  it('a load agent that ends normally is no failure; one that is killed is', async () => {
    const processes = new LocalProcesses({ statePath: null, runId: 'r2' });
    const ok = node('console.log("done")');
    processes.add('load agent 0', ok, { endsOnItsOwn: true });
    await ok.exited;
    await new Promise((resolve) => setImmediate(resolve));
    expect(processes.failure()).toBeNull();
    const killed = spawnProcess('sleep', ['30']);
    processes.add('load agent 0', killed, { endsOnItsOwn: true });
    process.kill(killed.pid, 'SIGKILL');
    await killed.exited.catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(processes.failure()).toMatchObject({ component: 'load agent 0', pid: killed.pid, how: 'was killed by SIGKILL' });
  });

  it('exits the harness asked for, or after Ctrl-C, are not failures', async () => {
    const controller = new AbortController();
    const processes = new LocalProcesses({ statePath: null, runId: 'r3', signal: controller.signal });
    const stopped = spawnProcess('sleep', ['30']);
    processes.add('haproxy-client', stopped);
    await stopped.stop(1_000);
    const cancelled = spawnProcess('sleep', ['30'], { signal: controller.signal });
    processes.add('haproxy-server', cancelled);
    controller.abort();
    await cancelled.exited.catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(processes.failure()).toBeNull();
  });
});
