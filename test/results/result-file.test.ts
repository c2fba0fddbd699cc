import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshResult } from '../helpers/fresh-result.ts';
import type { HarnessError } from '../../src/errors.ts';
import { markResultFailedInPlace, parseResultFile, readResultFile, writeResultFile } from '../../src/results/result-file.ts';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(prefix);
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const fresh = freshResult;

describe('result files on disk', () => {
  it('writes atomically and reads back; refuses newer majors and truncated files', () => {
    const dir = tempDir(join(tmpdir(), 'meshbench-result-'));
    const file = join(dir, 'r.json');
    writeResultFile(file, fresh());
    expect(readResultFile(file).runId).toBe('r');
    expect(() => parseResultFile('new.json', JSON.stringify({ ...fresh(), schemaVersion: '2.0' }))).toThrow(/schema version 2.0 is not supported/);
    const truncated = join(dir, 't.json');
    writeFileSync(truncated, JSON.stringify(fresh()).slice(0, 200));
    expect(() => readResultFile(truncated)).toThrow(/not valid JSON.*truncated/);
    // The hint says what the README says: a result file is written after every repetition.
    let hint = '';
    try {
      readResultFile(truncated);
    } catch (err) {
      hint = (err as HarnessError).hint ?? '';
    }
    expect(hint).toContain('atomically after every repetition');
    expect(readFileSync('docs/faults-during-a-run.md', 'utf8') + readFileSync('README.md', 'utf8')).toMatch(/after every\s+repetition/);
    expect(() => parseResultFile('x.json', '{"schemaVersion":"1.0"}')).toThrow(/invalid result file/);
  });

  it('a result whose final write failed is marked failed in place, same size, still a valid result file', () => {
    const dir = tempDir(join(tmpdir(), 'meshbench-result-'));
    const file = join(dir, 'r.json');
    writeResultFile(file, fresh());
    const before = statSync(file).size;
    expect(markResultFailedInPlace(file)).toBe(true);
    expect(statSync(file).size).toBe(before);
    const patched = readResultFile(file);
    expect(patched).toMatchObject({ status: 'failed', valid: false });
    expect(readFileSync(file, 'utf8').replace('"status":  "failed"', '"status": "running"').replace('"valid":false', '"valid": true')).toBe(
      `${JSON.stringify(fresh(), null, 2)}\n`,
    );
    expect(markResultFailedInPlace(file)).toBe(false);
    expect(markResultFailedInPlace(join(dir, 'missing.json'))).toBe(false);
  });
});
