/**
 * What a failed or interrupted run keeps: each arm's result file ends with a final status, even
 * when the disk is full, and the error that ends the run says what was kept.
 */
import { HarnessError } from '../errors.ts';
import { finalizeResult } from '../results/new-result.ts';
import { markResultFailedInPlace, writeResultFile } from '../results/result-file.ts';
import type { ResultFile } from '../results/result-schema.ts';

/**
 * Writes each arm's final status after a failure. When that write fails too (disk full), the
 * last good version stays on disk and is patched in place to say `failed` / not valid, so no
 * file claims `running, valid` after the process is gone. Returns what happened to files that
 * could not be written normally (empty when every write succeeded).
 */
export function keepFinalStatus(arms: readonly { resultPath: string; result: ResultFile }[], status: 'failed' | 'interrupted'): string[] {
  const notes: string[] = [];
  for (const arm of arms) {
    try {
      writeResultFile(arm.resultPath, finalizeResult(arm.result, status));
    } catch (err) {
      const reps = arm.result.levels.reduce((n, l) => n + l.repetitions.length, 0);
      if (markResultFailedInPlace(arm.resultPath)) {
        notes.push(`${arm.resultPath} keeps its last complete write (up to ${reps} repetition(s)), marked status "failed", not valid`);
      } else {
        notes.push(`${arm.resultPath} could not be updated (${err instanceof Error ? err.message : String(err)}); do not use it`);
      }
    }
  }
  return notes;
}

/** Adds what was kept to an error's hint (the innermost code still decides the exit code). */
export function withKeptNote(err: unknown, notes: string[]): unknown {
  if (notes.length === 0) return err;
  const first = err instanceof HarnessError ? err : null;
  return new HarnessError(first?.code ?? 'INTERNAL', err instanceof Error ? err.message : String(err), {
    hint: `${first ? (first.hint ? `${first.hint}; ` : '') : 'this is a bug in meshbench; re-run with --verbose and report it; '}${notes.join('; ')}`,
    details: first?.details,
    cause: err,
  });
}
