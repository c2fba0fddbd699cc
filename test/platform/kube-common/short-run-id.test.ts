import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shortRunId } from '../../../src/platform/kube-common/short-run-id.ts';

describe('shortRunId', () => {
  it('is the first 6 hex characters of the run id\'s sha256, stable for a run', () => {
    const runId = '20261206-184400-istio-sidecar';
    expect(shortRunId(runId)).toBe(createHash('sha256').update(runId).digest('hex').slice(0, 6));
    expect(shortRunId(runId)).toMatch(/^[0-9a-f]{6}$/);
    expect(shortRunId(runId)).toBe(shortRunId(runId));
    expect(shortRunId('20261206-184401-istio-sidecar')).not.toBe(shortRunId(runId));
  });
});
