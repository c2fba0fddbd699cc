/** Runs the CLI in-process with captured output (no process.exit, no real signals). */
import { PassThrough } from 'node:stream';
import type { CliContext } from '../../src/cli/cli-context.ts';
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

export async function runBench(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}): Promise<CliRun> {
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
  };
  const code = await runCli(args, ctx);
  return { code, stdout: out.text(), stderr: err.text() };
}
