/**
 * The `bench` program: the one place that reads argv, writes to the process streams and decides
 * the exit code. Each command lives in ./commands/<name>-command.ts and registers itself here.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, exitCodeOf, HarnessError } from '../errors.ts';
import type { CliContext } from './cli-context.ts';
import { registerCommands } from './commands/index.ts';
import { programNameOf, renameProgram } from './program-name.ts';

import { HARNESS_VERSION } from './harness-version.ts';

export { HARNESS_VERSION };

function printError(ctx: CliContext, err: unknown): void {
  const name = ctx.programName ?? 'bench';
  const out = { write: (text: string) => ctx.stderr.write(renameProgram(text, name)) };
  if (err instanceof HarnessError) {
    out.write(`error: ${err.message}\n`);
    const showDetails = ctx.verbose || err.code === 'COMMAND_FAILED' || err.code === 'CONFIG_INVALID' || err.code === 'NOT_READY';
    if (showDetails) for (const line of err.details) out.write(`  ${line}\n`);
    if (err.hint) out.write(`hint: ${err.hint}\n`);
    if (ctx.verbose && err.stack) out.write(`${err.stack}\n`);
    if (ctx.verbose && err.cause instanceof Error && err.cause.stack) out.write(`caused by: ${err.cause.stack}\n`);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  out.write(`error: ${message}\n`);
  out.write('hint: this is a bug in meshbench; re-run with --verbose and report it with the output\n');
  if (ctx.verbose && err instanceof Error && err.stack) out.write(`${err.stack}\n`);
}

/**
 * Builds the commander program for a context: with the argv, only the command it calls is loaded
 * (commands/index.ts); with `'all'`, every command (tests, --help generation).
 */
export async function buildProgram(ctx: CliContext, args: readonly string[] | 'all'): Promise<Command> {
  const name = ctx.programName ?? 'bench';
  const program = new Command(name)
    .description('Load-test benchmark harness for service meshes')
    .version(HARNESS_VERSION, '-V, --version')
    .option('-v, --verbose', 'print stacks and full command output on errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      // Help, usage and commander's errors: the commands' examples are written with `bench`.
      writeOut: (s) => ctx.stdout.write(renameProgram(s, name)),
      writeErr: (s) => ctx.stderr.write(renameProgram(s, name)),
    });
  program.hook('preAction', (cmd) => {
    ctx.verbose = Boolean(cmd.optsWithGlobals().verbose);
  });
  await registerCommands(program, ctx, args);
  return program;
}

/** Runs the CLI with the given argv (without `node script`); returns the exit code. */
export async function runCli(args: string[], ctx: CliContext): Promise<number> {
  ctx.verbose = args.includes('--verbose') || args.includes('-v');
  try {
    const program = await buildProgram(ctx, args);
    await program.parseAsync(args, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return ExitCode.Ok;
      }
      // commander already printed its message.
      return ExitCode.ConfigInvalid;
    }
    printError(ctx, err);
    return exitCodeOf(err);
  }
}

/** Process entry: wires signals to the cancel signal and sets the exit code. */
export async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write(`\n${signal}: stopping; cleaning up (press Ctrl-C again to exit without cleanup)\n`);
      controller.abort(new HarnessError('INTERRUPTED', `interrupted by ${signal}`));
    } else {
      process.exit(ExitCode.Interrupted);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const ctx: CliContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    signal: controller.signal,
    verbose: false,
    exitCode: ExitCode.Ok,
    programName: programNameOf(process.argv[1]),
  };
  const code = await runCli(process.argv.slice(2), ctx);
  process.exitCode = controller.signal.aborted && code !== ExitCode.Ok ? ExitCode.Interrupted : code;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
