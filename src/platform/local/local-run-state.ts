/**
 * The state file of a local run: which processes it started (component, pid, start time in
 * clock ticks since boot from /proc/<pid>/stat field 22, command) and which harness process owns
 * them. It lives in the run's folder under the OS temp dir (`meshbench-run-*`, which also holds
 * the sidecars' CA and keys), is rewritten atomically on every change and removed with the
 * folder at the end of the run. If the harness is killed (SIGKILL, OOM, power loss of a
 * terminal), the file stays: `bench clusters list` shows the run, `bench clusters prune --yes`
 * stops the processes that are still the recorded ones and removes the folder
 * (local-leftovers.ts). See docs/faults-during-a-run.md.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseProcPidStat } from '../../metrics/proc-stat.ts';

/** Prefix of a run's folder under the OS temp dir. */
export const RUN_DIR_PREFIX = 'meshbench-run-';

/** Name of the state file in a local run's folder. */
export const LOCAL_RUN_STATE_FILE = 'local-run.json';

/** One recorded process. */
export interface RecordedProcess {
  component: string;
  pid: number;
  /** Start time from /proc/<pid>/stat (clock ticks since boot); null where /proc is unavailable. */
  startTimeTicks: number | null;
  command: string;
}

/** The state file's content. */
export interface LocalRunState {
  version: 1;
  runId: string;
  harness: { pid: number; startTimeTicks: number | null };
  processes: RecordedProcess[];
}

/** A process's start time (clock ticks since boot), or null when it is gone or /proc is absent. */
export function processStartTicks(pid: number, procRoot = '/proc'): number | null {
  try {
    const stat = parseProcPidStat(readFileSync(`${procRoot}/${pid}/stat`, 'utf8'));
    return stat.state === 'Z' || stat.state === 'X' ? null : stat.startTimeTicks;
  } catch {
    return null;
  }
}

/** True when `pid` runs and is the process that was recorded (same start time). */
export function isSameProcessAlive(pid: number, startTimeTicks: number | null, procRoot = '/proc'): boolean {
  const now = processStartTicks(pid, procRoot);
  return now !== null && (startTimeTicks === null || now === startTimeTicks);
}

/** Writes the state file of one run as its processes come and go. */
export class LocalRunStateRecorder {
  private readonly path: string;
  private readonly state: LocalRunState;

  constructor(options: { path: string; runId: string }) {
    this.path = options.path;
    this.state = { version: 1, runId: options.runId, harness: { pid: process.pid, startTimeTicks: processStartTicks(process.pid) }, processes: [] };
    this.write();
  }

  add(entry: { component: string; pid: number; command: string }): void {
    this.state.processes.push({ ...entry, startTimeTicks: processStartTicks(entry.pid) });
    this.write();
  }

  remove(pid: number): void {
    const before = this.state.processes.length;
    this.state.processes = this.state.processes.filter((p) => p.pid !== pid);
    if (this.state.processes.length !== before) this.write();
  }

  close(): void {
    rmSync(this.path, { force: true });
  }

  private write(): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, this.path);
    } catch {
      // The folder is gone (teardown removed it): nothing left to record.
      rmSync(tmp, { force: true });
    }
  }
}
