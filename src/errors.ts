/**
 * The one error type of the harness. Every failure a user can meet is a HarnessError carrying a
 * stable `code`, the process `exitCode` it maps to, a user-facing message and a hint. The CLI is
 * the only place that turns it into output and an exit status (src/cli/main.ts).
 */

/** Exit codes, part of the public interface (README, docs/reliability.md). */
export const ExitCode = {
  Ok: 0,
  Internal: 1,
  ConfigInvalid: 2,
  ToolMissing: 3,
  CommandFailed: 4,
  NotReady: 5,
  RunInvalid: 6,
  OutputFailed: 7,
  RegressionFound: 10,
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Stable machine-readable error codes. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'USAGE'
  | 'TOOL_NOT_FOUND'
  | 'COMMAND_FAILED'
  | 'NOT_READY'
  | 'RUN_INVALID'
  | 'WRITE_FAILED'
  | 'REGRESSION_FOUND'
  | 'INTERRUPTED'
  | 'INTERNAL';

const EXIT_CODE_OF: Record<ErrorCode, ExitCode> = {
  CONFIG_INVALID: ExitCode.ConfigInvalid,
  USAGE: ExitCode.ConfigInvalid,
  TOOL_NOT_FOUND: ExitCode.ToolMissing,
  COMMAND_FAILED: ExitCode.CommandFailed,
  NOT_READY: ExitCode.NotReady,
  RUN_INVALID: ExitCode.RunInvalid,
  WRITE_FAILED: ExitCode.OutputFailed,
  REGRESSION_FOUND: ExitCode.RegressionFound,
  INTERRUPTED: ExitCode.Interrupted,
  INTERNAL: ExitCode.Internal,
};

export interface HarnessErrorOptions {
  /** What the user can do about it; printed as `hint:`. */
  hint?: string | undefined;
  cause?: unknown;
  /** Extra lines shown with --verbose (or always, for command output tails). */
  details?: string[] | undefined;
}

export class HarnessError extends Error {
  override name = 'HarnessError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: string[];

  constructor(code: ErrorCode, message: string, options: HarnessErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }

  get exitCode(): ExitCode {
    return EXIT_CODE_OF[this.code];
  }
}

/** One problem found in a config file, located as precisely as the source allows. */
export interface ConfigIssue {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  /** Dotted field path, e.g. `load.levels.0.rps`. */
  path: string;
  message: string;
}

/** Formats an issue as `file:line:col field: message`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where} ${issue.message}`;
}

/** Bad configuration: every issue is listed, the first in the message. */
export class ConfigError extends HarnessError {
  override name = 'ConfigError';
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[], options: HarnessErrorOptions = {}) {
    const [first, ...rest] = issues;
    const head = first ? formatConfigIssue(first) : 'invalid configuration';
    super('CONFIG_INVALID', rest.length ? `${head} (and ${rest.length} more)` : head, {
      hint: options.hint ?? 'fix the file and run `bench validate <file>` to check it',
      details: rest.map(formatConfigIssue),
      cause: options.cause,
    });
    this.issues = issues;
  }
}

/** Plain words for the errno codes a user meets on paths. */
const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such file or directory',
  ELOOP: 'too many levels of symbolic links (a symlink loop)',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  EEXIST: 'the file already exists',
  EMFILE: 'too many open files',
  EFBIG: 'file too large',
};

/** `ENOSPC (no space left on device)` for an fs error; the message for anything else. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') return ERRNO_TEXT[code] ? `${code} (${ERRNO_TEXT[code]})` : code;
  return err instanceof Error ? err.message : String(err);
}

/** Bad command-line usage. */
export function usageError(message: string, hint?: string): HarnessError {
  return new HarnessError('USAGE', message, { hint: hint ?? 'run `bench --help` for usage' });
}

/** The innermost HarnessError in the cause chain decides the exit code (k6 WithExitCodeIfNone). */
export function exitCodeOf(err: unknown): ExitCode {
  let found: ExitCode | undefined;
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof HarnessError) found = e.exitCode;
  }
  return found ?? ExitCode.Internal;
}

/** True when the error (or any cause) is an interruption by the user. */
export function isInterrupted(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof HarnessError && e.code === 'INTERRUPTED') return true;
  }
  return false;
}

/**
 * The interruption as the layer that noticed it sees it. Which resources were cleaned up depends
 * on the command and platform, so the CLI replaces this generic hint with a specific one.
 */
export function interruptedError(): HarnessError {
  return new HarnessError('INTERRUPTED', 'interrupted', {
    hint: 'what was measured before the interruption was kept; what this command started was stopped',
  });
}
