import { describe, expect, it } from 'vitest';
import { summarizeSide } from '../../../src/compare/gate/side-summary.ts';
import { pooledSide } from '../../helpers/gate-objects.ts';

describe('summarizeSide', () => {
  it('names files, runs and the target of the first file, and counts repetitions over levels', () => {
    const side = pooledSide(
      'head',
      [
        { targetRps: 100, repetitions: [{ p99Us: 1000 }, { p99Us: 1000, valid: false }] },
        { targetRps: 200, repetitions: [{ p99Us: 1000 }] },
      ],
      { runId: 'run-1', target: { name: 'istio-ambient', mesh: 'istio', mode: 'ambient', version: '1.24.1' }, scenario: { name: 'steady', contentHash: 'sha256:abc' } },
    );
    expect(summarizeSide(side)).toEqual({
      files: ['head.json'],
      runIds: ['run-1'],
      arm: null,
      targetName: 'istio-ambient',
      mesh: 'istio',
      mode: 'ambient',
      version: '1.24.1',
      platform: 'kind',
      scenarioName: 'steady',
      scenarioHash: 'sha256:abc',
      repetitions: 3,
      validRepetitions: 2,
    });
  });

  it('prefers the running version to the requested one', () => {
    const side = pooledSide('base', [{ targetRps: 100, repetitions: [{ p99Us: 1000 }] }], { target: { version: '1.24' } });
    const first = side.sources[0]?.result;
    if (first) first.target.runningVersion = '1.24.3';
    expect(summarizeSide(side).version).toBe('1.24.3');
  });
});
