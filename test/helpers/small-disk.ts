/**
 * Small real file systems for fault tests: a size-limited (or read-only) tmpfs mounted on a temp
 * folder. Needs root (or CAP_SYS_ADMIN); `mountTmpfs` returns null where mounting is not allowed,
 * so a test can fall back to an injected fault and say so.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Unmounts and removes the mount point. */
  remove(): void;
}

export function mountTmpfs(options: { sizeKb: number; readOnly?: boolean }): SmallDisk | null {
  const dir = mkdtempSync(join(tmpdir(), 'meshbench-disk-'));
  const flags = `size=${options.sizeKb}k,mode=0755${options.readOnly ? ',ro' : ''}`;
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', flags, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
  if (!mounted) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    remove() {
      spawnSync('umount', [dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Takes every free byte of the disk with one file (a tmpfs allocates whole pages). */
export function fillDisk(dir: string): void {
  const file = join(dir, 'filler');
  try {
    writeFileSync(file, Buffer.alloc(1 << 20));
  } catch {
    // full: now take what is left in small pieces
  }
  for (let i = 0; i < 10_000; i++) {
    try {
      appendFileSync(file, Buffer.alloc(256));
    } catch {
      return;
    }
  }
  throw new Error(`could not fill ${dir}`);
}
