import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { keepFinalStatus, withKeptNote } from '../../src/pipeline/kept-results.ts';
import { writeResultFile } from '../../src/results/result-file.ts';
import { buildResultFile, noisyRepetitions } from '../helpers/result-builder.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function runningResult() {
  const result = buildResultFile({ runId: 'kept', status: 'running', levels: [{ targetRps: 100, repetitions: noisyRepetitions({ count: 2, p99Us: 2000, cvPct: 5, seed: 1 }) }] });
  return result;
}

describe('keepFinalStatus', () => {
  it('writes the final status of every arm and reports nothing when the writes succeed', () => {
    dir = mkdtempSync(join(tmpdir(), 'meshbench-kept-'));
    const resultPath = join(dir, 'r.json');
    const result = runningResult();
    writeResultFile(resultPath, result);
    expect(keepFinalStatus([{ resultPath, result }], 'interrupted')).toEqual([]);
    expect(JSON.parse(readFileSync(resultPath, 'utf8')).status).toBe('interrupted');
  });

  it('patches the last good file to failed when the final write cannot be made', () => {
    dir = mkdtempSync(join(tmpdir(), 'meshbench-kept-'));
    const resultPath = join(dir, 'r.json');
    const result = runningResult();
    writeResultFile(resultPath, result);
    // A result that cannot be serialised (a cycle) stands in for a write that fails (disk full).
    const spec = result.target.spec as Record<string, unknown>;
    spec['self'] = spec;
    const notes = keepFinalStatus([{ resultPath, result }], 'failed');
    expect(notes).toEqual([`${resultPath} keeps its last complete write (up to 2 repetition(s)), marked status "failed", not valid`]);
    const kept = JSON.parse(readFileSync(resultPath, 'utf8'));
    expect([kept.status, kept.valid]).toEqual(['failed', false]);
  });
});

describe('withKeptNote', () => {
  it('keeps the error code and adds what was kept to the hint', () => {
    const err = withKeptNote(new HarnessError('COMMAND_FAILED', 'haproxy died', { hint: 'see its output' }), ['r.json keeps 3 repetitions']);
    expect(err).toBeInstanceOf(HarnessError);
    expect((err as HarnessError).code).toBe('COMMAND_FAILED');
    expect((err as HarnessError).hint).toBe('see its output; r.json keeps 3 repetitions');
  });

  it('returns the error as it is when nothing needs saying', () => {
    const err = new Error('x');
    expect(withKeptNote(err, [])).toBe(err);
  });
});
