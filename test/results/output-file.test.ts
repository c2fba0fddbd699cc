import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { exitCodeOf, HarnessError } from '../../src/errors.ts';
import { checkOutputPath, outputFs, writeFileAtomic } from '../../src/results/output-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const realFs = { ...outputFs };
afterEach(() => Object.assign(outputFs, realFs));

function failure(fn: () => void): HarnessError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HarnessError);
    return err as HarnessError;
  }
  throw new Error('expected a failure');
}

function debris(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.endsWith('.tmp'));
}

describe('writeFileAtomic', () => {
  it('replaces a file atomically and leaves no temp file', () => {
    const path = join(dir, 'plain.txt');
    writeFileAtomic(path, 'one');
    writeFileAtomic(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(debris(dir)).toEqual([]);
  });

  it('exclusive: creates a new file, refuses an existing one (exit 2) and keeps its content', () => {
    const path = join(dir, 'exclusive.json');
    writeFileAtomic(path, 'first', { exclusive: true, what: 'result file' });
    const err = failure(() => writeFileAtomic(path, 'second', { exclusive: true, what: 'result file' }));
    expect(exitCodeOf(err)).toBe(2);
    expect(err.message).toBe(`result file ${path} already exists; refusing to overwrite it`);
    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(debris(dir)).toEqual([]);
  });

  it('exclusive: a file created between the check and the write is not overwritten', () => {
    const path = join(dir, 'race.json');
    const link = outputFs.linkSync;
    outputFs.linkSync = (from, to) => {
      writeFileSync(to, 'the other run');
      link(from, to);
    };
    const err = failure(() => writeFileAtomic(path, 'mine', { exclusive: true, what: 'result file' }));
    expect(exitCodeOf(err)).toBe(2);
    expect(err.message).toMatch(/already exists; refusing to overwrite it/);
    expect(readFileSync(path, 'utf8')).toBe('the other run');
    expect(debris(dir)).toEqual([]);
  });

  it('an existing folder as the path: exit 2, nothing written', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const err = failure(() => writeFileAtomic(folder, 'x', { what: 'HTML report' }));
    expect(exitCodeOf(err)).toBe(2);
    expect(err.message).toBe(`cannot write HTML report ${folder}: it is an existing folder`);
    expect(readdirSync(folder)).toEqual([]);
    expect(debris(dir)).toEqual([]);
  });

  it('a path on /proc or a special file is refused before any write (no hang)', () => {
    const proc = failure(() => writeFileAtomic('/proc/meshbench-test.json', 'x', { what: 'CSV export' }));
    expect(exitCodeOf(proc)).toBe(2);
    expect(proc.message).toBe("cannot write CSV export /proc/meshbench-test.json: /proc is on the kernel's proc file system, not storage");
    const status = failure(() => writeFileAtomic('/proc/self/status', 'x', { what: 'CSV export' }));
    expect(status.message).toMatch(/proc file system, not storage/);
    // A FIFO of our own stands for any special file (never a shared device such as /dev/null).
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const special = failure(() => writeFileAtomic(fifo, 'x', { what: 'JUnit report' }));
    expect(exitCodeOf(special)).toBe(2);
    expect(special.message).toBe(`cannot write JUnit report ${fifo}: it exists and is not a regular file (a device, FIFO or socket)`);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('a symlink loop: exit 7 naming ELOOP', () => {
    const loop = join(dir, 'loop.json');
    symlinkSync(loop, loop);
    const err = failure(() => writeFileAtomic(loop, 'x', { what: 'result file' }));
    expect(exitCodeOf(err)).toBe(7);
    expect(err.message).toBe(`cannot write result file ${loop}: ELOOP (too many levels of symbolic links (a symlink loop))`);
    expect(err.hint).toMatch(/symbolic link on the path points \(indirectly\) to itself/);
  });

  it('a full disk while writing (ENOSPC at the write boundary): exit 7, old file intact, no temp file', () => {
    const path = join(dir, 'full.json');
    writeFileAtomic(path, 'good');
    outputFs.writeFileSync = (file, data, options) => {
      realFs.writeFileSync(file, String(data).slice(0, 2), options);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const err = failure(() => writeFileAtomic(path, 'better', { what: 'result file' }));
    expect(exitCodeOf(err)).toBe(7);
    expect(err.message).toBe(`cannot write result file ${path}: ENOSPC (no space left on device)`);
    expect(err.hint).toBe('free space on that file system or choose another path');
    expect(readFileSync(path, 'utf8')).toBe('good');
    expect(debris(dir)).toEqual([]);
  });

  it('a missing parent folder is created; a file in the way of it is a clear error', () => {
    writeFileAtomic(join(dir, 'new', 'deeper', 'out.csv'), 'x');
    expect(readFileSync(join(dir, 'new', 'deeper', 'out.csv'), 'utf8')).toBe('x');
    writeFileSync(join(dir, 'blocker'), '');
    const err = failure(() => checkOutputPath({ path: join(dir, 'blocker', 'out.csv'), what: 'CSV export', overwrite: true }));
    expect(exitCodeOf(err)).toBe(7);
    expect(err.message).toBe(`cannot write CSV export ${join(dir, 'blocker', 'out.csv')}: ENOTDIR (a part of the path is not a directory)`);
  });
});
