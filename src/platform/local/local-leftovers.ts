/**
 * Leftovers of local runs whose harness died without cleaning up (SIGKILL, OOM, a closed
 * terminal): run folders `meshbench-run-*` under the OS temp dir that hold a state file
 * (local-run-state.ts) whose harness process is gone. `bench clusters list` shows them and
 * `bench clusters prune --yes` stops their processes and removes the folder (with the sidecars'
 * CA and keys). A process is stopped only if it is still the recorded one: same pid and same
 * start time in /proc/<pid>/stat, so a pid the kernel has since given to another program is never
 * touched. A run whose harness still runs is reported and left alone.
 */
import { lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isSameProcessAlive, LOCAL_RUN_STATE_FILE, type LocalRunState, type RecordedProcess, RUN_DIR_PREFIX } from './local-run-state.ts';

/** A local run found under the temp dir. */
export interface LocalRunFolder {
  /** The run's folder (removed by prune). */
  dir: string;
  runIds: string[];
  harnessPid: number;
  /** The harness still runs: not a leftover. */
  harnessAlive: boolean;
  /** Recorded processes that still run (same pid and start time). */
  running: RecordedProcess[];
}

function readState(path: string): LocalRunState | null {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as LocalRunState;
    return state.version === 1 && Array.isArray(state.processes) ? state : null;
  } catch {
    return null;
  }
}

/** State files of a run folder: its own and its arms' (one level down). */
function stateFilesOf(dir: string): string[] {
  const files = [join(dir, LOCAL_RUN_STATE_FILE)];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) files.push(join(dir, entry.name, LOCAL_RUN_STATE_FILE));
  }
  return files;
}

/** Local run folders under `tmpRoot` that have a state file (others are not local runs: left alone). */
export function findLocalRunFolders(tmpRoot: string): LocalRunFolder[] {
  let names: string[];
  try {
    names = readdirSync(tmpRoot);
  } catch {
    return [];
  }
  const found: LocalRunFolder[] = [];
  for (const name of names.filter((n) => n.startsWith(RUN_DIR_PREFIX)).sort()) {
    const dir = join(tmpRoot, name);
    try {
      if (!lstatSync(dir).isDirectory()) continue;
    } catch {
      continue;
    }
    const states = stateFilesOf(dir)
      .map(readState)
      .filter((s): s is LocalRunState => s !== null);
    const first = states[0];
    if (!first) continue;
    const harnessAlive = states.some((s) => isSameProcessAlive(s.harness.pid, s.harness.startTimeTicks));
    found.push({
      dir,
      runIds: [...new Set(states.map((s) => s.runId))],
      harnessPid: first.harness.pid,
      harnessAlive,
      running: states.flatMap((s) => s.processes).filter((p) => isSameProcessAlive(p.pid, p.startTimeTicks)),
    });
  }
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops a leftover run's processes (SIGTERM, SIGKILL after `graceMs`) and removes its folder.
 * Refuses a run whose harness still runs. Returns the processes it stopped.
 */
export async function pruneLocalRunFolder(folder: LocalRunFolder, options: { graceMs?: number } = {}): Promise<RecordedProcess[]> {
  if (folder.harnessAlive) throw new Error(`the run in ${folder.dir} is still running (harness pid ${folder.harnessPid})`);
  const signal = (p: RecordedProcess, sig: NodeJS.Signals) => {
    // Checked again right before each signal: never a pid that now belongs to someone else.
    if (!isSameProcessAlive(p.pid, p.startTimeTicks)) return;
    try {
      process.kill(p.pid, sig);
    } catch {
      // gone meanwhile
    }
  };
  for (const p of folder.running) signal(p, 'SIGTERM');
  const deadline = Date.now() + (options.graceMs ?? 3_000);
  while (folder.running.some((p) => isSameProcessAlive(p.pid, p.startTimeTicks)) && Date.now() < deadline) await sleep(50);
  for (const p of folder.running) signal(p, 'SIGKILL');
  rmSync(folder.dir, { recursive: true, force: true });
  return folder.running;
}
