/** Runs the CLI in-process with captured output (no process.exit, no real signals). */
import { PassThrough } from 'node:stream';
import type { CliContext } from '../../src/cli/cli-context.ts';
import type { CommandRunner } from '../../src/exec/command-runner.ts';
import type { KubeTuning } from '../../src/platform/platform.ts';
import type { ProgramName } from '../../src/cli/program-name.ts';
import { runCli } from '../../src/cli/main.ts';
import { ExitCode } from '../../src/errors.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => {
    text += c.toString();
  });
  return { stream, text: () => text };
}

export interface RunBenchOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** How tools run (e.g. a FakeTools' in-process runner); default the real runner. */
  runner?: CommandRunner;
  /** Kubernetes platforms: test timings (TEST_KUBE_TUNING); default production's. */
  kubeTuning?: KubeTuning;
  /** The name the CLI is invoked as; default `bench`. */
  programName?: ProgramName;
}

export async function runBench(args: string[], options: RunBenchOptions = {}): Promise<CliRun> {
  const out = capture();
  const err = capture();
  const ctx: CliContext = {
    stdout: out.stream,
    stderr: err.stream,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    signal: options.signal ?? new AbortController().signal,
    verbose: false,
    exitCode: ExitCode.Ok,
    runner: options.runner,
    kubeTuning: options.kubeTuning,
    programName: options.programName,
  };
  const code = await runCli(args, ctx);
  return { code, stdout: out.text(), stderr: err.text() };
}
