import { describe, expect, it } from 'vitest';
import { finishCheck } from '../../../src/compare/gate/check-result.ts';
import { loadGateConfig } from '../../../src/compare/gate/gate-file.ts';
import { draft } from '../../helpers/gate-objects.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const gate = { ...loadGateConfig('default', ROOT).gate, familyAlpha: 0.05 };

describe('finishCheck', () => {
  it('a significant shift beyond the fail threshold is a gating regression with its adjusted p', () => {
    const d = draft({ pGreater: 0.001, shiftPct: 20 });
    const result = finishCheck({ draft: d, adjusted: { primary: { worse: 0.002, better: 1 }, critical: null, inFamily: true }, gate, familySize: 2 });
    expect(result).toMatchObject({ checkId: 'p99', label: 'latency p99', unit: 'us', verdict: 'regression', gating: true, pWorse: 0.001, pAdjusted: 0.002, analysis: 'unpaired', inFamily: true });
    expect(result.shift?.estimate).toBe(20);
  });

  it('uses the adjusted p of a primary check: raw p small, adjusted above α is not a regression', () => {
    const d = draft({ pGreater: 0.02, shiftPct: 20 });
    const result = finishCheck({ draft: d, adjusted: { primary: { worse: 0.08, better: 1 }, critical: null, inFamily: true }, gate, familySize: 4 });
    expect(result.verdict).not.toBe('regression');
    expect(result.pAdjusted).toBe(0.08);
  });

  it('secondary checks have no adjusted p and do not gate', () => {
    const d = draft({ check: { role: 'secondary' }, pGreater: 0.001, shiftPct: 20 });
    const result = finishCheck({ draft: d, adjusted: { primary: null, critical: null, inFamily: false }, gate, familySize: 1 });
    expect(result).toMatchObject({ verdict: 'regression', gating: false, pAdjusted: null, inFamily: false });
  });

  it('a draft without statistics is invalid with its reason; a primary one gates', () => {
    const d = { ...draft({ pGreater: 0.5 }), stats: null, invalidReason: 'head: 6 of 10 repetitions invalid' };
    const result = finishCheck({ draft: d, adjusted: { primary: null, critical: null, inFamily: false }, gate, familySize: 1 });
    expect(result).toMatchObject({ verdict: 'invalid', gating: true, reason: 'head: 6 of 10 repetitions invalid', shift: null, pWorse: null, method: null, analysis: null });
  });
});
