/**
 * The only importer of execa. Runs external tools (kind, docker, kubectl, istioctl, linkerd,
 * cilium, helm, haproxy, openssl) and translates their failures once, here, into HarnessErrors:
 * a missing binary becomes TOOL_NOT_FOUND (exit 3), a non-zero exit COMMAND_FAILED (exit 4) with
 * the printable command and the tail of its output, a cancel INTERRUPTED (exit 130).
 */
import { execa, ExecaError, type ResultPromise } from 'execa';
import { HarnessError, interruptedError } from '../errors.ts';
import { printableCommand } from '../render/printable-command.ts';
import { withParentDeathSignal } from './parent-death-signal.ts';

export interface RunOptions {
  cwd?: string | undefined;
  env?: Record<string, string | undefined> | undefined;
  /** Text written to the command's stdin (e.g. a manifest for `kubectl apply -f -`). */
  input?: string | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Hint added to the error when the command fails. */
  hint?: string | undefined;
  /** Return the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean | undefined;
}

export interface CommandResult {
  command: string;
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
}

/** How the harness runs processes; injected so tests can substitute a recording fake. */
export interface CommandRunner {
  run(file: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

/** Install hints for the tools the harness may call. */
export const INSTALL_HINTS: Record<string, string> = {
  kind: 'install kind v0.31.0: https://kind.sigs.k8s.io/docs/user/quick-start/#installation (or use --platform local)',
  docker: 'install Docker Engine or Docker Desktop: https://docs.docker.com/engine/install/ (or use --platform local)',
  kubectl: 'install kubectl: https://kubernetes.io/docs/tasks/tools/',
  istioctl: 'run `bench tools install istioctl` or see https://istio.io/latest/docs/setup/getting-started/#download',
  linkerd: 'run `bench tools install linkerd` or see https://linkerd.io/2-edge/getting-started/',
  cilium: 'run `bench tools install cilium` or see https://docs.cilium.io/en/stable/gettingstarted/k8s-install-default/',
  helm: 'install helm: https://helm.sh/docs/intro/install/',
  haproxy: 'install haproxy (Debian/Ubuntu: `apt-get install haproxy`)',
  openssl: 'install openssl (Debian/Ubuntu: `apt-get install openssl`)',
  wrk: 'install wrk (Debian/Ubuntu: `apt-get install wrk`)',
  ip: 'install iproute2 (Debian/Ubuntu: `apt-get install iproute2`); it is in /usr/sbin, which must be on PATH',
  iptables: 'install iptables (Debian/Ubuntu: `apt-get install iptables`); it is in /usr/sbin, which must be on PATH',
  'iptables-save': 'install iptables (Debian/Ubuntu: `apt-get install iptables`); it is in /usr/sbin, which must be on PATH',
};

const OUTPUT_TAIL_LINES = 20;

function tail(text: string, lines: number): string[] {
  const all = text.split('\n').filter((l) => l.trim() !== '');
  return all.slice(-lines);
}

/** Converts an execa failure into the harness error it means. */
export function toHarnessError(err: unknown, file: string, args: readonly string[], hint?: string): HarnessError {
  const command = printableCommand(file, args);
  if (err instanceof ExecaError) {
    if (err.isCanceled) return interruptedError();
    if (err.code === 'ENOENT') {
      return new HarnessError('TOOL_NOT_FOUND', `required tool "${file}" was not found on PATH`, {
        hint: INSTALL_HINTS[file] ?? `install ${file} and make sure it is on PATH`,
        cause: err,
      });
    }
    const why = err.timedOut
      ? `timed out after ${err.durationMs.toFixed(0)} ms`
      : err.signal
        ? `was killed by ${err.signal}`
        : `exited with code ${err.exitCode}`;
    return commandFailedError({ file, args, why, stdout: String(err.stdout ?? ''), stderr: String(err.stderr ?? ''), timedOut: err.timedOut, hint, cause: err });
  }
  return new HarnessError('COMMAND_FAILED', `\`${command}\` failed: ${String(err)}`, { hint, cause: err });
}

/**
 * The error of a command that ran and failed (`why`: "exited with code 1", …): COMMAND_FAILED, or
 * NOT_READY when it timed out, with the printable command and the tail of its stderr (else stdout).
 * Any {@link CommandRunner} reports a failed command with it.
 */
export function commandFailedError(options: {
  file: string;
  args: readonly string[];
  why: string;
  stdout: string;
  stderr: string;
  timedOut?: boolean | undefined;
  hint?: string | undefined;
  cause?: unknown;
}): HarnessError {
  const command = printableCommand(options.file, options.args);
  const output = [...tail(options.stderr, OUTPUT_TAIL_LINES)];
  if (output.length === 0) output.push(...tail(options.stdout, OUTPUT_TAIL_LINES));
  return new HarnessError(options.timedOut ? 'NOT_READY' : 'COMMAND_FAILED', `\`${command}\` ${options.why}`, {
    hint: options.hint,
    details: [`command: ${command}`, ...output],
    cause: options.cause,
  });
}

/** The real runner. */
export class ExecaCommandRunner implements CommandRunner {
  async run(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    try {
      const result = await execa(file, args, {
        cwd: options.cwd,
        env: options.env,
        input: options.input,
        timeout: options.timeoutMs,
        cancelSignal: options.signal,
        forceKillAfterDelay: 5_000,
        reject: !options.allowFailure,
        stripFinalNewline: true,
      });
      if (result.failed && result.code === 'ENOENT') throw result;
      return {
        command: printableCommand(file, args),
        stdout: String(result.stdout ?? ''),
        stderr: String(result.stderr ?? ''),
        exitCode: result.exitCode ?? -1,
        durationMs: result.durationMs,
      };
    } catch (err) {
      throw toHarnessError(err, file, args, options.hint);
    }
  }
}

export interface SpawnOptions {
  cwd?: string | undefined;
  env?: Record<string, string | undefined> | undefined;
  signal?: AbortSignal | undefined;
  /** Called for each stdout line while the process runs. */
  onStdoutLine?: ((line: string) => void) | undefined;
  onStderrLine?: ((line: string) => void) | undefined;
  /** Append stdout to this file instead of reading it (e.g. a proxy's access log); onStdoutLine is then never called. */
  stdoutFile?: string | undefined;
  /**
   * Kill the process when the harness dies, even by SIGKILL (setpriv --pdeathsig, see
   * parent-death-signal.ts); default true.
   */
  dieWithParent?: boolean | undefined;
}

/** How a process ended: its exit code, or the signal that killed it. */
export interface ProcessExit {
  exitCode: number | null;
  signal: string | null;
}

/** Lines of a child's output kept for error messages (stdout and stderr, in arrival order). */
export const OUTPUT_TAIL_KEPT_LINES = 50;

/** "exited with code 1" or "was killed by SIGKILL". */
export function describeExit(exit: ProcessExit): string {
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.exitCode ?? 'unknown'}`;
}

/** A long-running child process (order-service, haproxy, the load agent). */
export interface SpawnedProcess {
  readonly pid: number;
  readonly command: string;
  /** Resolves when the process exits; rejects with a HarnessError on a non-zero exit. */
  readonly exited: Promise<CommandResult>;
  /** How it ended; null while it runs. */
  readonly exit: ProcessExit | null;
  /** True once the harness asked it to stop (kill/stop): its exit is then expected. */
  readonly stopRequested: boolean;
  /** The last `lines` lines of its stdout and stderr, in arrival order (at most {@link OUTPUT_TAIL_KEPT_LINES}). */
  outputTail(lines?: number): string[];
  /** Sends a signal; `stop()` is SIGTERM then SIGKILL after a grace period. */
  kill(signal?: NodeJS.Signals): void;
  stop(graceMs?: number): Promise<void>;
}

/** Starts a long-running process whose output is streamed line by line. */
export function spawnProcess(file: string, args: readonly string[], options: SpawnOptions = {}): SpawnedProcess {
  const command = printableCommand(file, args);
  const launched = options.dieWithParent === false ? { file, args: [...args] } : withParentDeathSignal(file, args, options.env ?? process.env);
  const child: ResultPromise = execa(launched.file, launched.args, {
    cwd: options.cwd,
    env: options.env,
    cancelSignal: options.signal,
    forceKillAfterDelay: 3_000,
    buffer: false,
    stdin: 'ignore',
    ...(options.stdoutFile === undefined ? {} : { stdout: { file: options.stdoutFile, append: true } }),
    reject: true,
    cleanup: true,
  });
  const stdoutLines: string[] = [];
  const stderrLines: string[] = [];
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > OUTPUT_TAIL_KEPT_LINES) recent.shift();
  };
  const follow = (stream: NodeJS.ReadableStream | null, keep: string[], onLine?: (line: string) => void) => {
    if (!stream) return;
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      rest += chunk;
      let nl = rest.indexOf('\n');
      while (nl >= 0) {
        const line = rest.slice(0, nl);
        rest = rest.slice(nl + 1);
        keep.push(line);
        if (keep.length > 200) keep.shift();
        remember(line);
        onLine?.(line);
        nl = rest.indexOf('\n');
      }
    });
    stream.on('end', () => {
      if (rest) {
        keep.push(rest);
        remember(rest);
        onLine?.(rest);
      }
    });
  };
  follow(child.stdout, stdoutLines, options.onStdoutLine);
  follow(child.stderr, stderrLines, options.onStderrLine);
  const started = Date.now();
  let stopping = false;
  let exit: ProcessExit | null = null;
  const exited = child.then(
    (r) => {
      exit = { exitCode: r.exitCode ?? 0, signal: null };
      return {
      command,
      stdout: stdoutLines.join('\n'),
      stderr: stderrLines.join('\n'),
      exitCode: r.exitCode ?? 0,
      durationMs: Date.now() - started,
      };
    },
    (err: unknown) => {
      exit = { exitCode: err instanceof ExecaError ? (err.exitCode ?? null) : null, signal: err instanceof ExecaError ? (err.signal ?? null) : null };
      if (stopping && err instanceof ExecaError && !err.isCanceled && err.code !== 'ENOENT') {
        return { command, stdout: stdoutLines.join('\n'), stderr: stderrLines.join('\n'), exitCode: err.exitCode ?? -1, durationMs: Date.now() - started };
      }
      if (err instanceof ExecaError) {
        Object.assign(err, { stderr: stderrLines.join('\n'), stdout: stdoutLines.join('\n') });
      }
      throw toHarnessError(err, file, args);
    },
  );
  // Avoid unhandled rejections when nobody awaits `exited` (e.g. after stop()).
  exited.catch(() => undefined);
  return {
    pid: child.pid ?? -1,
    command,
    exited,
    get exit() {
      return exit;
    },
    get stopRequested() {
      return stopping;
    },
    outputTail: (lines = 20) => recent.slice(-lines),
    kill: (signal: NodeJS.Signals = 'SIGTERM') => {
      stopping = true;
      child.kill(signal);
    },
    stop: async (graceMs = 5_000) => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited.catch(() => undefined);
      clearTimeout(timer);
    },
  };
}
