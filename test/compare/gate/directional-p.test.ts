import { describe, expect, it } from 'vitest';
import { pBetterOf, pWorseOf } from '../../../src/compare/gate/directional-p.ts';
import { draft } from '../../helpers/gate-objects.ts';

describe('pWorseOf and pBetterOf', () => {
  it('lower is better: worse is head greater', () => {
    const d = draft({ pGreater: 0.01, pLess: 0.99 });
    expect(pWorseOf(d)).toBe(0.01);
    expect(pBetterOf(d)).toBe(0.99);
  });

  it('higher is better (achieved rate): worse is head smaller', () => {
    const d = draft({ check: { metric: 'achieved-rps', direction: 'higher-is-better' }, pGreater: 0.01, pLess: 0.99 });
    expect(pWorseOf(d)).toBe(0.99);
    expect(pBetterOf(d)).toBe(0.01);
  });

  it('1 without statistics', () => {
    const d = { ...draft({ pGreater: 0.01 }), stats: null };
    expect(pWorseOf(d)).toBe(1);
    expect(pBetterOf(d)).toBe(1);
  });
});
