import { describe, expect, it } from 'vitest';
import { MARKER_LEGEND, verdictEmoji, verdictMarker, verdictText } from '../../../src/compare/render/verdict-labels.ts';
import { checkResult } from '../../helpers/gate-objects.ts';

describe('verdict labels', () => {
  it('terminal markers, as the legend says', () => {
    const markers = (['no-change', 'improvement', 'regression', 'inconclusive', 'invalid'] as const).map((verdict) => verdictMarker(checkResult({ verdict })));
    expect(markers).toEqual(['✓', '✓', '✗', '~', '!']);
    expect(MARKER_LEGEND).toBe('✓ pass  ✗ regression  ~ inconclusive  ! invalid');
  });

  it('emoji: a non-gating regression warns instead of failing', () => {
    expect(verdictEmoji(checkResult({ verdict: 'regression' }))).toBe('❌');
    expect(verdictEmoji(checkResult({ verdict: 'regression', gating: false }))).toBe('⚠️');
    expect(verdictEmoji(checkResult({ verdict: 'improvement' }))).toBe('✅');
    expect(verdictEmoji(checkResult({ verdict: 'no-change' }))).toBe('➖');
    expect(verdictEmoji(checkResult({ verdict: 'invalid' }))).toBe('⚠️');
  });

  it('words: critical and warning regressions say so', () => {
    expect(verdictText(checkResult({ verdict: 'regression', critical: true }))).toBe('CRITICAL regression');
    expect(verdictText(checkResult({ verdict: 'regression' }))).toBe('regression');
    expect(verdictText(checkResult({ verdict: 'regression', gating: false }))).toBe('regression (warn)');
    expect(verdictText(checkResult({ verdict: 'no-change' }))).toBe('no change');
    expect(verdictText(checkResult({ verdict: 'inconclusive' }))).toBe('inconclusive');
  });
});
