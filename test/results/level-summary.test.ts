import { describe, expect, it } from 'vitest';
import { agent, build } from '../helpers/agent-result-fixture.ts';
import { summarizeLevel } from '../../src/results/level-summary.ts';

describe('summarizeLevel', () => {
  it('pools only valid repetitions and takes medians of per-repetition values', () => {
    const good = build([agent()]);
    const bad = build([agent({ completed: 500 })]);
    const s = summarizeLevel([good, bad, good]);
    expect(s.validRepetitions).toBe(2);
    expect(s.latency?.count).toBe(2_000);
    expect(s.achievedRpsMedian).toBe(100);
  });

  it('has no numbers when no repetition is valid', () => {
    expect(summarizeLevel([build([agent({ completed: 10 })])])).toMatchObject({ validRepetitions: 0, latency: null });
  });
});
