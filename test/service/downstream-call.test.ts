import { describe, expect, it } from 'vitest';
import { chainDepthOf } from '../../src/service/downstream-call.ts';

describe('chainDepthOf', () => {
  it('reads the downstream’s x-chain-depth, and 1 for anything that is not a positive integer', () => {
    expect(chainDepthOf('3')).toBe(3);
    expect([undefined, '', 'x', '0', '-2', ['2']].map((v) => chainDepthOf(v as string | string[] | undefined))).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
