/**
 * Leftovers of local runs whose harness died: found from the state file in the run's folder
 * under TMPDIR, listed by `bench clusters list`, stopped and removed by `bench clusters prune
 * --yes` — with real processes: a detached `sleep` stands for a service that outlived its
 * harness. A pid whose start time no longer matches (reused by the kernel) is never signalled,
 * and a run whose harness still runs is left alone.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_RUN_STATE_FILE, type LocalRunState, isSameProcessAlive, processStartTicks } from '../../../src/platform/local/local-run-state.ts';
import { runBench } from '../../helpers/cli-harness.ts';

let root: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'meshbench-leftovers-'));
});

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

function sleeper(): { pid: number; startTimeTicks: number } {
  const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
  children.push(child);
  const pid = child.pid ?? -1;
  return { pid, startTimeTicks: processStartTicks(pid) ?? -1 };
}

/** A pid that has exited (its /proc entry is gone). */
function deadPid(): number {
  return spawnSync('true').pid;
}

function writeRun(name: string, state: Omit<LocalRunState, 'version'>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'run', 'tls'), { recursive: true });
  writeFileSync(join(dir, 'run', 'tls', 'client.key'), 'secret');
  writeFileSync(join(dir, 'run', LOCAL_RUN_STATE_FILE), JSON.stringify({ version: 1, ...state }));
  return dir;
}

const env = () => ({ ...process.env, TMPDIR: root, PATH: '/usr/bin:/bin' });

describe('bench clusters list / prune: leftover local runs', () => {
  it('stops the processes a killed harness left and removes the folder with its keys', async () => {
    const service = sleeper();
    const proxy = sleeper();
    const dir = writeRun('meshbench-run-AAAAAA', {
      runId: '20261206-160000-proxy-mtls',
      harness: { pid: deadPid(), startTimeTicks: 1 },
      processes: [
        { component: 'order-service "order"', pid: service.pid, startTimeTicks: service.startTimeTicks, command: 'node order-service.mjs' },
        { component: 'haproxy-server', pid: proxy.pid, startTimeTicks: proxy.startTimeTicks, command: 'haproxy -db -f x.cfg' },
      ],
    });
    const list = await runBench(['clusters', 'list'], { env: env() });
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(`leftover local run 20261206-160000-proxy-mtls: order-service "order" (pid ${service.pid}), haproxy-server (pid ${proxy.pid}) still running; folder ${dir}\n`);
    expect(list.stderr).toContain('0 meshbench cluster(s); 1 leftover local run(s)');

    const dry = await runBench(['clusters', 'prune'], { env: env() });
    expect(dry.stdout).toBe(`would stop order-service "order" (pid ${service.pid}), haproxy-server (pid ${proxy.pid}) and remove ${dir}\n`);
    expect(isSameProcessAlive(service.pid, service.startTimeTicks)).toBe(true);

    const prune = await runBench(['clusters', 'prune', '--yes'], { env: env() });
    expect(prune.code).toBe(0);
    expect(prune.stdout).toBe(
      [
        `stopped order-service "order" (pid ${service.pid}) of local run 20261206-160000-proxy-mtls`,
        `stopped haproxy-server (pid ${proxy.pid}) of local run 20261206-160000-proxy-mtls`,
        `removed ${dir}`,
        '',
      ].join('\n'),
    );
    expect(isSameProcessAlive(service.pid, service.startTimeTicks)).toBe(false);
    expect(isSameProcessAlive(proxy.pid, proxy.startTimeTicks)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('never signals a pid that now belongs to another process (start time differs)', async () => {
    const other = sleeper();
    const dir = writeRun('meshbench-run-BBBBBB', {
      runId: 'r',
      harness: { pid: deadPid(), startTimeTicks: 1 },
      processes: [{ component: 'haproxy-client', pid: other.pid, startTimeTicks: other.startTimeTicks - 1, command: 'haproxy' }],
    });
    const prune = await runBench(['clusters', 'prune', '--yes'], { env: env() });
    expect(prune.stdout).toBe(`removed ${dir}\n`);
    expect(isSameProcessAlive(other.pid, other.startTimeTicks)).toBe(true);
  });

  it('leaves a run whose harness still runs alone, and ignores folders without a state file', async () => {
    const service = sleeper();
    const dir = writeRun('meshbench-run-CCCCCC', {
      runId: 'live',
      harness: { pid: process.pid, startTimeTicks: processStartTicks(process.pid) },
      processes: [{ component: 'order-service "order"', pid: service.pid, startTimeTicks: service.startTimeTicks, command: 'node' }],
    });
    mkdirSync(join(root, 'meshbench-run-DDDDDD', 'run'), { recursive: true });
    writeFileSync(join(root, 'meshbench-run-DDDDDD', 'run', 'kubeconfig'), 'apiVersion: v1');
    const list = await runBench(['clusters', 'list'], { env: env() });
    expect(list.stdout).toBe(`local run live: still running (harness pid ${process.pid}), ${dir}\n`);
    expect(list.stderr).toContain('0 leftover local run(s); 1 local run(s) in progress');
    const prune = await runBench(['clusters', 'prune', '--yes'], { env: env() });
    expect(prune.stdout).toBe('');
    expect(prune.stderr).toContain('no meshbench clusters or leftover local runs');
    expect(isSameProcessAlive(service.pid, service.startTimeTicks)).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['meshbench-run-CCCCCC', 'meshbench-run-DDDDDD']);
  });
});
