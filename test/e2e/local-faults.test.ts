/**
 * Fault injection on the local platform: a real `bench run proxy-mtls` (the order-service and
 * the haproxy pair as child processes), and one component SIGKILLed in the middle of a
 * repetition after the first repetition was written. Each case checks the exit code (4), the
 * message (names the component, its pid and signal, its last output), the result file (status
 * failed, the repetitions before kept, the affected one invalid with the component named), and
 * that no process and no temp folder is left. The processes are found through the run's state
 * file (platform/local/local-run-state.ts) under a private TMPDIR.
 *
 * Then the harness itself is SIGKILLed mid-run (a real `bench` process, run from the sources): its children die
 * with it (setpriv --pdeathsig), and `bench clusters prune --yes` finds the run's folder (CA and
 * keys) from the state file and removes it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import type { CommandRunner } from '../../src/exec/command-runner.ts';
import { LOCAL_RUN_STATE_FILE, type LocalRunState, isSameProcessAlive } from '../../src/platform/local/local-run-state.ts';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { SOURCE_CLI_ARGS } from '../helpers/source-cli.ts';

const SCENARIO = 'test/fixtures/scenarios/fault-kill-local.yaml';

let dir: string;
let runTmp: string;
let savedTmpdir: string | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-faults-'));
  runTmp = join(dir, 'tmp');
  rmSync(runTmp, { recursive: true, force: true });
  mkdirSync(runTmp);
  savedTmpdir = process.env['TMPDIR'];
  process.env['TMPDIR'] = runTmp;
});

afterEach(() => {
  if (savedTmpdir === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmpdir;
  rmSync(dir, { recursive: true, force: true });
});

/** The state of the (single) local run under the private TMPDIR, or null. */
function runState(): LocalRunState | null {
  for (const run of existsSync(runTmp) ? readdirSync(runTmp) : []) {
    const path = join(runTmp, run, 'run', LOCAL_RUN_STATE_FILE);
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as LocalRunState;
    } catch {
      // not there (yet)
    }
  }
  return null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Kills `component` with SIGKILL in the middle of a repetition after the first one was written:
 * once the result has a repetition and a new load agent runs, 600 ms later (warm-up 300 ms).
 */
async function killMidRepetition(out: string, component: string, until: Promise<unknown>): Promise<{ pid: number; seen: LocalRunState }> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  let firstAgentPid: number | null = null;
  while (!done) {
    const state = runState();
    let reps = 0;
    try {
      reps = readResultFile(out).levels[0]?.repetitions.length ?? 0;
    } catch {
      // not written yet
    }
    const agent = state?.processes.find((p) => p.component === 'load agent 0');
    if (reps === 0 && agent) firstAgentPid = agent.pid;
    if (state && reps >= 1 && agent && agent.pid !== firstAgentPid) {
      await sleep(600);
      const victim = runState()?.processes.find((p) => p.component === component);
      if (victim) {
        process.kill(victim.pid, 'SIGKILL');
        return { pid: victim.pid, seen: runState() ?? state };
      }
    }
    await sleep(25);
  }
  throw new Error(`the run ended before ${component} could be killed`);
}

// Real processes on a shared 2-core machine: a stall can move the kill out of its repetition
// (the assertions follow the repetition the message names), and can fail one attempt.
describe('a local component killed mid-run (bench run proxy-mtls)', { retry: 1 }, () => {
  for (const component of ['order-service "order"', 'haproxy-client', 'haproxy-server', 'load agent 0']) {
    it(`${component}: exit 4 naming it, repetitions before kept, the affected one invalid, nothing left`, async () => {
      const out = join(dir, 'result.json');
      const running = runBench(['run', 'proxy-mtls', '--scenario', SCENARIO, '--out', out, '--quiet']);
      const { pid, seen } = await killMidRepetition(out, component, running);
      const run = await running;

      expect(run.code).toBe(4);
      const escaped = component.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const message = new RegExp(`^error: ${escaped} \\(pid ${pid}\\) was killed by SIGKILL during level 1 \\(100 rps\\), repetition (\\d); the run stopped$`, 'm');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain(`last output of ${component}:`);
      if (component.startsWith('order-service')) expect(run.stderr).toMatch(/"type":"listening"/);
      expect(run.stderr).toMatch(/^hint: the \d+ repetition\(s\) measured before are kept in .*result\.json \(status failed\); the affected repetition is marked invalid$/m);
      const affected = Number(message.exec(run.stderr)?.[1]);

      const result = readResultFile(out);
      expect(result.status).toBe('failed');
      expect(result.valid).toBe(false);
      const reps = result.levels[0]?.repetitions ?? [];
      expect(reps).toHaveLength(affected);
      for (const rep of reps.slice(0, -1)) expect(rep.invalidReasons.join(' ')).not.toContain(component);
      const last = reps.at(-1);
      expect(last?.valid).toBe(false);
      expect(last?.invalidReasons[0]).toBe(`${component} (pid ${pid}) was killed by SIGKILL during this repetition: the data path was broken`);

      // Nothing left: every recorded process is gone, and so is the run's temp folder.
      for (const p of seen.processes) expect(isSameProcessAlive(p.pid, p.startTimeTicks), `${p.component} ${p.pid}`).toBe(false);
      expect(readdirSync(runTmp)).toEqual([]);
    });
  }
});

describe('the harness SIGKILLed mid-run (bench run proxy-mtls)', () => {
  it('its processes die with it, and bench clusters prune --yes removes the run folder', async () => {
    const out = join(dir, 'killed.json');
    const bench = spawn(process.execPath, [...SOURCE_CLI_ARGS, 'run', 'proxy-mtls', '--scenario', SCENARIO, '--out', out, '--quiet'], {
      env: { ...process.env, TMPDIR: runTmp },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => bench.on('exit', (_code, signal) => resolve(signal)));
    let state: LocalRunState | null = null;
    // Starting the harness through tsx takes 5–20 s on a loaded 2-core machine.
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      state = runState();
      if (state?.processes.some((p) => p.component === 'load agent 0')) break;
      await sleep(50);
    }
    try {
      expect(state?.processes.map((p) => p.component).sort()).toEqual(['haproxy-client', 'haproxy-server', 'load agent 0', 'order-service "order"']);
    } finally {
      bench.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    // The children got SIGKILL from the kernel when their parent died (PR_SET_PDEATHSIG).
    const gone = Date.now() + 3_000;
    const alive = () => (state?.processes ?? []).filter((p) => isSameProcessAlive(p.pid, p.startTimeTicks));
    while (alive().length > 0 && Date.now() < gone) await sleep(20);
    expect(alive().map((p) => p.component)).toEqual([]);

    // The folder with the CA and keys stays until prune.
    const runDirs = () => readdirSync(runTmp).filter((n) => n.startsWith('meshbench-run-'));
    const [runDir] = runDirs();
    expect(readdirSync(join(runTmp, runDir ?? '', 'run', 'tls'))).toContain('client.key');
    const cleanEnv = { ...process.env, TMPDIR: runTmp, PATH: '/usr/bin:/bin' };
    // No tool at all (no kind, docker or ip): list and prune see the local runs' folders only, not
    // the machine's clusters and network namespaces, which other tests' runs may own (prune would
    // delete a running netns test's namespaces).
    const noTools: CommandRunner = {
      run: (file) => Promise.reject(new HarnessError('TOOL_NOT_FOUND', `required tool "${file}" was not found on PATH`)),
    };
    const list = await runBench(['clusters', 'list'], { env: cleanEnv, runner: noTools });
    expect(list.stdout).toBe(`leftover local run ${state?.runId}: no process left; folder ${join(runTmp, runDir ?? '')}\n`);
    const prune = await runBench(['clusters', 'prune', '--yes'], { env: cleanEnv, runner: noTools });
    expect(prune.code).toBe(0);
    expect(prune.stdout).toBe(`removed ${join(runTmp, runDir ?? '')}\n`);
    expect(runDirs()).toEqual([]);
  }, 150_000);
});
