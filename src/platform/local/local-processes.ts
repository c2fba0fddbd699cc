/**
 * The processes of a local run (services, sidecar proxies, load agents), in one place:
 * - every process is recorded, with its start time from /proc/<pid>/stat (so a reused pid is
 *   never mistaken for it) and its command, in the run's state file (local-run-state.ts), and
 *   removed from it when it exits; `bench clusters prune` stops what a killed harness left;
 * - a process that exits while the harness did not ask it to (killed, crashed) is a component
 *   failure: the measurement loop ends the run naming it, how it ended and its last output.
 */
import type { SpawnedProcess } from '../../exec/command-runner.ts';
import { describeExit } from '../../exec/command-runner.ts';
import type { ComponentFailure } from '../measurement-backend.ts';
import { LocalRunStateRecorder } from './local-run-state.ts';

/** Lines of a dead component's output shown in the error. */
const FAILURE_OUTPUT_LINES = 20;

/** Options of {@link LocalProcesses}. */
export interface LocalProcessesOptions {
  /** The run's state file (null: no state file, e.g. in unit tests). */
  statePath: string | null;
  runId: string;
  signal?: AbortSignal | undefined;
}

/** The registry of a local run's processes. */
export class LocalProcesses {
  private readonly state: LocalRunStateRecorder | null;
  private readonly signal: AbortSignal | undefined;
  private firstFailure: ComponentFailure | null = null;
  private stopping = false;

  constructor(options: LocalProcessesOptions) {
    this.state = options.statePath ? new LocalRunStateRecorder({ path: options.statePath, runId: options.runId }) : null;
    this.signal = options.signal;
  }

  /**
   * Records a started process. `endsOnItsOwn`: it is expected to exit (a load agent at the end
   * of its repetition), so only a non-zero exit or a signal is a failure; the others (services,
   * proxies) must run until the harness stops them.
   */
  add(component: string, proc: SpawnedProcess, options: { endsOnItsOwn?: boolean } = {}): void {
    this.state?.add({ component, pid: proc.pid, command: proc.command });
    const onExit = () => {
      this.state?.remove(proc.pid);
      if (this.stopping || proc.stopRequested || this.signal?.aborted || this.firstFailure) return;
      const exit = proc.exit ?? { exitCode: null, signal: null };
      if (options.endsOnItsOwn && exit.exitCode === 0 && !exit.signal) return;
      this.firstFailure = { component, pid: proc.pid, how: describeExit(exit), outputTail: proc.outputTail(FAILURE_OUTPUT_LINES) };
    };
    proc.exited.then(onExit, onExit);
  }

  /** The first component that died unasked, or null. */
  failure(): ComponentFailure | null {
    return this.firstFailure;
  }

  /** Teardown begins: exits from now on are expected. */
  markStopping(): void {
    this.stopping = true;
  }

  /** Removes the state file (after teardown stopped everything). */
  close(): void {
    this.state?.close();
  }
}
