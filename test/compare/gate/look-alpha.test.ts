import { describe, expect, it } from 'vitest';
import { loadGateConfig } from '../../../src/compare/gate/gate-file.ts';
import { lookOf } from '../../../src/compare/gate/look-alpha.ts';
import { formatAlpha } from '../../../src/compare/gate/metric-format.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const gate = loadGateConfig('default', ROOT).gate;

describe('lookOf', () => {
  it('first look: the smaller share of α under Pocock spending, stated with both looks', () => {
    const look = lookOf(gate, false);
    expect(look.alpha).toBe(look.alphas.first);
    expect(look.alphas.first).toBeCloseTo(0.0062, 4);
    expect(look.alphas.second).toBeCloseTo(0.0038, 4);
    const [first, second] = [formatAlpha(look.alphas.first), formatAlpha(look.alphas.second)];
    expect(look.note).toBe(`first look at α ${first} (α 0.01 spent over two looks (pocock): ${first} at the first, ${second} at the second)`);
  });

  it('second look: the rest of α, and no further look', () => {
    const look = lookOf(gate, true);
    expect(look.alpha).toBe(look.alphas.second);
    expect(look.note).toMatch(new RegExp(`^second look: the first and the fresh batch together, tested at α ${formatAlpha(look.alpha)} \\(.*\\); there is no further look$`));
  });

  it('a declared split spends the declared share first', () => {
    const look = lookOf({ ...gate, looks: { spending: 'split', firstFraction: 0.5, firstShare: 0.25 } }, false);
    expect(look.alpha).toBeCloseTo(0.0025, 9);
  });
});
