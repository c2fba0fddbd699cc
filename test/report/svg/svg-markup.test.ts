import { describe, expect, it } from 'vitest';
import { escapeMarkup, px, safeId } from '../../../src/report/svg/svg-markup.ts';

describe('svg markup helpers', () => {
  it('escapes the five markup characters', () => {
    expect(escapeMarkup(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });

  it('formats coordinates with at most one decimal and no negative zero', () => {
    expect(px(12.345)).toBe('12.3');
    expect(px(7)).toBe('7');
    expect(px(-0.04)).toBe('0');
  });

  it('keeps only id-safe characters', () => {
    expect(safeId('istio 1.28/ambient@500')).toBe('istio-1-28-ambient-500');
  });
});
