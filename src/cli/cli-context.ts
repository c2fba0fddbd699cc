/**
 * What a command gets from the CLI: output streams, working directory, environment and the
 * run-wide cancel signal (Ctrl-C). Commands never touch `process` directly; tests pass their own.
 */
import type { CommandRunner } from '../exec/command-runner.ts';
import type { KubeTuning } from '../platform/platform.ts';
import type { ProgramName } from './program-name.ts';

export interface CliContext {
  /** Program output (tables, JSON): what a user pipes. */
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Progress, logs and errors. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** Set by --verbose: print stacks and full command output on errors. */
  verbose: boolean;
  /** Exit code the command asks for without an error (e.g. compare found a regression → 10). */
  exitCode: number;
  /** How external tools run; default the real runner (tests run their fake tools in process). */
  runner?: CommandRunner | undefined;
  /** The name the CLI was invoked as (usage, help and errors say it); default `bench`. */
  programName?: ProgramName | undefined;
  /** Kubernetes platforms: shorter waits for tests on the fake API server; unset in production. */
  kubeTuning?: KubeTuning | undefined;
}

export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}
