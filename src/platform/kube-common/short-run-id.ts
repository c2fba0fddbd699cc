/** A short, stable id of a run (pure): part of the names of its namespaces and kind cluster. */
import { createHash } from 'node:crypto';

/** 6 hex characters of the run id's hash. */
export function shortRunId(runId: string): string {
  return createHash('sha256').update(runId).digest('hex').slice(0, 6);
}
