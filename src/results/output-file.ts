/**
 * Writing output files (result files, reports, gate outputs) safely:
 * - the target is checked first: an existing directory, a non-regular file (device, FIFO,
 *   socket) or a path on a kernel filesystem (/proc, /sys, cgroup, …) is refused before anything
 *   is written, so a write can never block on a special file;
 * - content goes to a temp file in the same folder and is renamed over the target (atomic), or
 *   hard-linked to it when the file must be new (exclusive: fails if it exists, never overwrites);
 * - every OS error becomes a HarnessError naming the path and the reason, and the temp file is
 *   removed on every failure. See docs/reliability.md.
 */
import { accessSync, constants, linkSync, mkdirSync, renameSync, statfsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeFsError, HarnessError, usageError } from '../errors.ts';

/** The error for a failed write of `path` (exit 7). */
export function writeFailedError(options: { path: string; what: string; cause: unknown; hint?: string }): HarnessError {
  const code = (options.cause as NodeJS.ErrnoException | null)?.code;
  const defaultHint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'free space on that file system or choose another path'
      : code === 'ELOOP'
        ? 'a symbolic link on the path points (indirectly) to itself; fix the link or choose another path'
        : 'choose a path in a writable folder';
  return new HarnessError('WRITE_FAILED', `cannot write ${options.what} ${options.path}: ${describeFsError(options.cause)}`, {
    hint: options.hint ?? defaultHint,
    cause: options.cause,
  });
}

// statfs(2) f_type of kernel filesystems where a "file" is an interface, not storage
// (linux/magic.h). Writing there can block or change the kernel's state.
const SPECIAL_FS_TYPES = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x63677270, 'cgroup2'],
  [0x27e0eb, 'cgroup'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0x1cd1, 'devpts'],
  [0x6165676c, 'pstore'],
  [0x65735543, 'fusectl'],
  [0x42494e4d, 'binfmt_misc'],
]);

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** The nearest folder on the path that exists (the one `mkdir -p` would start from). */
function nearestExistingDir(options: { dir: string; path: string; what: string }): string {
  let dir = options.dir;
  for (;;) {
    try {
      const st = statSync(dir);
      if (!st.isDirectory()) throw usageError(`cannot write ${options.what} ${options.path}: ${dir} is not a folder`);
      return dir;
    } catch (err) {
      if (err instanceof HarnessError) throw err;
      if (errnoOf(err) !== 'ENOENT' || dirname(dir) === dir) throw writeFailedError({ path: options.path, what: options.what, cause: err });
      dir = dirname(dir);
    }
  }
}

export interface CheckOutputOptions {
  /** Absolute path of the file to write. */
  path: string;
  /** What the file is, for messages: `result file`, `HTML report`, … */
  what: string;
  /** An existing file may be replaced (false: refuse it, exit 2). */
  overwrite: boolean;
  /** Flag that allows replacing an existing file, named in the hint (e.g. `--force`). */
  overwriteFlag?: string;
}

/**
 * Checks, before any work, that `path` can be written: exit 2 for a path that cannot be meant
 * (a folder, a device, a kernel filesystem, an existing file when overwriting is not allowed),
 * exit 7 for an OS refusal (permission, read-only, symlink loop).
 */
export function checkOutputPath(options: CheckOutputOptions): void {
  const { path, what } = options;
  let existing: ReturnType<typeof statSync> | null = null;
  try {
    existing = statSync(path);
  } catch (err) {
    if (errnoOf(err) !== 'ENOENT') {
      // A dangling symlink is ENOENT too; writing replaces the link itself, which is fine.
      throw writeFailedError({ path, what, cause: err });
    }
  }
  if (existing?.isDirectory()) {
    throw usageError(`cannot write ${what} ${path}: it is an existing folder`, `give a file name, e.g. ${join(path, basename(path) || 'out')}.json`);
  }
  if (existing && !existing.isFile()) {
    throw usageError(`cannot write ${what} ${path}: it exists and is not a regular file (a device, FIFO or socket)`, 'choose a path for a new or regular file');
  }
  if (existing && !options.overwrite) {
    throw usageError(
      `${what} ${path} already exists; refusing to overwrite it`,
      options.overwriteFlag ? `choose another path, or pass ${options.overwriteFlag} to replace it` : 'choose another path',
    );
  }
  const dir = nearestExistingDir({ dir: dirname(path), path, what });
  let fsType: number | null = null;
  try {
    fsType = statfsSync(dir).type;
  } catch {
    fsType = null;
  }
  const special = fsType === null ? undefined : SPECIAL_FS_TYPES.get(fsType);
  if (special) {
    throw usageError(`cannot write ${what} ${path}: ${dir} is on the kernel's ${special} file system, not storage`, 'choose a path on a real disk');
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    if (existing) accessSync(path, constants.W_OK);
  } catch (err) {
    throw writeFailedError({ path, what, cause: err });
  }
}

export interface WriteOutputOptions {
  /** What the file is, for messages. */
  what?: string;
  /** Create the file; fail if it exists (no overwrite, ever). Default: replace atomically. */
  exclusive?: boolean;
}

/** fs calls used by writes; swapped only by tests that inject a fault at this boundary. */
export const outputFs = { writeFileSync, renameSync, linkSync, unlinkSync };

function removeQuietly(path: string): void {
  try {
    outputFs.unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * Writes `content` to `path` atomically (temp file + rename in the same folder), or, with
 * `exclusive`, creates it (temp file + hard link, which fails if the path exists). Throws a
 * HarnessError (exit 2 or 7) naming the path and the OS reason; never leaves the temp file.
 */
export function writeFileAtomic(path: string, content: string, options: WriteOutputOptions = {}): void {
  const what = options.what ?? 'file';
  checkOutputPath({ path, what, overwrite: !options.exclusive });
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw writeFailedError({ path, what, cause: err });
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    outputFs.writeFileSync(tmp, content, { flag: 'wx' });
    if (options.exclusive) placeExclusive(tmp, path, content);
    else outputFs.renameSync(tmp, path);
  } catch (err) {
    if (err instanceof HarnessError) throw err;
    if (errnoOf(err) === 'EEXIST' && options.exclusive) {
      throw usageError(`${what} ${path} already exists; refusing to overwrite it`, 'another run created it at the same moment; run again');
    }
    throw writeFailedError({ path, what, cause: err });
  } finally {
    removeQuietly(tmp);
  }
}

function placeExclusive(tmp: string, path: string, content: string): void {
  try {
    outputFs.linkSync(tmp, path);
  } catch (err) {
    // File systems without hard links: an exclusive create is still exclusive, just not atomic.
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'EXDEV', 'ENOSYS'].includes(errnoOf(err) ?? '')) throw err;
    try {
      outputFs.writeFileSync(path, content, { flag: 'wx' });
    } catch (writeErr) {
      if (errnoOf(writeErr) !== 'EEXIST') removeQuietly(path);
      throw writeErr;
    }
  }
}
