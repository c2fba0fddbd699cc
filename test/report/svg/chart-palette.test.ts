import { describe, expect, it } from 'vitest';
import { assignSeriesStyles, OKABE_ITO_COLORS } from '../../../src/report/svg/chart-palette.ts';

describe('palette', () => {
  it('draws baselines black and meshes from Okabe–Ito with a marker per series', () => {
    const styles = assignSeriesStyles([
      { id: 's0', isBaseline: true },
      { id: 's1', isBaseline: false },
      { id: 's2', isBaseline: false },
    ]);
    expect(styles.get('s0')?.color).toBe('#000000');
    expect(styles.get('s1')?.color).toBe(OKABE_ITO_COLORS[0]);
    expect(styles.get('s2')?.color).toBe(OKABE_ITO_COLORS[1]);
    expect(styles.get('s1')?.marker).not.toBe(styles.get('s2')?.marker);
  });

  it('adds a dash pattern once the colours run out', () => {
    const styles = assignSeriesStyles(Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, isBaseline: false })));
    expect(styles.get('s0')?.dash).toBe('');
    expect(styles.get('s6')?.color).toBe(styles.get('s0')?.color);
    expect(styles.get('s6')?.dash).not.toBe('');
  });
});
