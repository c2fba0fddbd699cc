/**
 * A CommandRunner for tests that runs the fake tools IN PROCESS and records every call.
 *
 * The command is looked up on PATH exactly as the real runner's spawn would (the call's env over
 * the process env, `file` with a slash taken as a path). When it resolves, through symlinks, to
 * an executable of test/fixtures/bin, the same fake-tool function that executable runs
 * (test/fixtures/fake-tools) is called here instead of starting a Node process per call; its
 * output, exit code and failure become what ExecaCommandRunner would return or throw. Anything
 * else (real tools, a missing tool, a wrapper script) goes to the real runner unchanged.
 *
 * The plans' two `bash -c` shapes (mesh/common/tool-invocation.ts) run in process too when every
 * command in them is a fake: `set -euo pipefail; A | B` (B reads A's stdout; the exit code is the
 * last non-zero one, as with pipefail) and `set -euo pipefail; A >/dev/null 2>&1 || B`. Only
 * unquoted words are understood; any other script goes to the real bash.
 *
 * One test keeps spawning the real fake executables end to end (test/e2e/kind-cli.test.ts, the
 * complete run), so the executables and the process boundary stay covered.
 */
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { interruptedError } from '../../src/errors.ts';
import { type CommandResult, type CommandRunner, commandFailedError, ExecaCommandRunner, type RunOptions } from '../../src/exec/command-runner.ts';
import { printableCommand } from '../../src/render/printable-command.ts';
import { FAKE_TOOLS, type FakeTool, type FakeToolOutput } from '../fixtures/fake-tools/index.mjs';

/** One recorded call. */
export interface RecordedCommand {
  file: string;
  args: string[];
  options: RunOptions | undefined;
  /** Which fake answered in process, or null when the real runner ran it. */
  inProcess: string | null;
}

/** Options of {@link RecordingCommandRunner}. */
export interface RecordingCommandRunnerOptions {
  /** Replaces a fake tool's function (e.g. a kubectl that also answers `exec ds/cilium`). */
  tools?: Partial<Record<keyof typeof FAKE_TOOLS, FakeTool>>;
  /** Runs what is not a fake; default the real runner. */
  fallback?: CommandRunner;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where spawning `file` with `env` from `cwd` would find it, or null. */
export function resolveOnPath(file: string, env: Record<string, string | undefined>, cwd: string): string | null {
  if (file.includes('/')) {
    const path = resolve(cwd, file);
    return isExecutableFile(path) ? path : null;
  }
  for (const dir of (env['PATH'] ?? '').split(':')) {
    if (!dir) continue;
    const path = join(resolve(cwd, dir), file);
    if (isExecutableFile(path)) return path;
  }
  return null;
}

const FAKE_BIN_REAL = realpathSync(join(import.meta.dirname, '..', 'fixtures', 'bin'));

/** The fake tool an executable path is (symlinks followed), or null. */
function fakeToolAt(path: string): keyof typeof FAKE_TOOLS | null {
  const real = realpathSync(path);
  const name = basename(real);
  return dirname(real) === FAKE_BIN_REAL && Object.hasOwn(FAKE_TOOLS, name) ? (name as keyof typeof FAKE_TOOLS) : null;
}

/** execa's stripFinalNewline. */
function stripFinalNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** A simple command: unquoted words only (anything else is left to the real bash). */
function simpleCommand(text: string): string[] | null {
  const words = text.trim().split(/ +/);
  return words.length > 0 && words.every((w) => /^[A-Za-z0-9_./:=@%+,-]+$/.test(w)) ? words : null;
}

/** The two bash scripts the plans build, parsed; null for any other script. */
export function parsePlanScript(script: string): { kind: 'pipe' | 'or'; left: string[]; right: string[] } | null {
  const body = /^set -euo pipefail; (.*)$/s.exec(script)?.[1];
  if (body === undefined) return null;
  const or = /^(.*) >\/dev\/null 2>&1 \|\| (.*)$/s.exec(body);
  const pipe = or ? null : /^([^|]*) \| ([^|]*)$/s.exec(body);
  const match = or ?? pipe;
  if (!match) return null;
  const left = simpleCommand(match[1] ?? '');
  const right = simpleCommand(match[2] ?? '');
  return left && right ? { kind: or ? 'or' : 'pipe', left, right } : null;
}

export class RecordingCommandRunner implements CommandRunner {
  readonly calls: RecordedCommand[] = [];
  private readonly tools: Partial<Record<keyof typeof FAKE_TOOLS, FakeTool>>;
  private readonly fallback: CommandRunner;

  constructor(options: RecordingCommandRunnerOptions = {}) {
    this.tools = options.tools ?? {};
    this.fallback = options.fallback ?? new ExecaCommandRunner();
  }

  private fakeOnPath(file: string, env: Record<string, string | undefined>, cwd: string): keyof typeof FAKE_TOOLS | null {
    const found = resolveOnPath(file, env, cwd);
    return found ? fakeToolAt(found) : null;
  }

  /** How many calls ran in process, and how many went to the real runner. */
  counts(): { inProcess: number; spawned: number } {
    const inProcess = this.calls.filter((c) => c.inProcess !== null).length;
    return { inProcess, spawned: this.calls.length - inProcess };
  }

  async run(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    // execa extends the process environment with the call's.
    const env: Record<string, string | undefined> = { ...process.env, ...(options.env ?? {}) };
    const cwd = options.cwd ?? process.cwd();
    const found = resolveOnPath(file, env, cwd);
    const tool = found ? fakeToolAt(found) : null;
    const script = found && basename(found) === 'bash' && args.length === 2 && args[0] === '-c' ? parsePlanScript(args[1] ?? '') : null;
    const scriptTools = script ? [script.left, script.right].map((words) => this.fakeOnPath(words[0] ?? '', env, cwd)) : [];
    const inProcess = tool ?? (script && scriptTools.every((t) => t !== null) ? 'bash' : null);
    this.calls.push({ file, args: [...args], options, inProcess });
    if (!inProcess) return this.fallback.run(file, args, options);
    if (options.signal?.aborted) throw interruptedError();
    const started = performance.now();
    const call = (name: keyof typeof FAKE_TOOLS, argv: string[], stdin: string) => (this.tools[name] ?? FAKE_TOOLS[name])({ argv, env, cwd, readStdin: () => stdin });
    let output: FakeToolOutput;
    if (tool) {
      output = await call(tool, [...args], options.input ?? '');
    } else {
      const [leftTool, rightTool] = scriptTools as (keyof typeof FAKE_TOOLS)[];
      const { left, right, kind } = script as NonNullable<typeof script>;
      const first = await call(leftTool as keyof typeof FAKE_TOOLS, left.slice(1), '');
      if (kind === 'or') {
        output = first.exitCode === 0 ? { stdout: '', stderr: '', exitCode: 0 } : await call(rightTool as keyof typeof FAKE_TOOLS, right.slice(1), '');
      } else {
        const second = await call(rightTool as keyof typeof FAKE_TOOLS, right.slice(1), first.stdout);
        output = { stdout: second.stdout, stderr: first.stderr + second.stderr, exitCode: second.exitCode !== 0 ? second.exitCode : first.exitCode };
      }
    }
    if (options.signal?.aborted) throw interruptedError();
    const result: CommandResult = {
      command: printableCommand(file, args),
      stdout: stripFinalNewline(output.stdout),
      stderr: stripFinalNewline(output.stderr),
      exitCode: output.exitCode,
      durationMs: performance.now() - started,
    };
    if (result.exitCode !== 0 && !options.allowFailure) {
      throw commandFailedError({ file, args, why: `exited with code ${result.exitCode}`, stdout: result.stdout, stderr: result.stderr, hint: options.hint });
    }
    return result;
  }
}
