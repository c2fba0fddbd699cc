import { describe, expect, it } from 'vitest';
import { pairSides } from '../../../src/compare/gate/pairing.ts';
import { poolSide, type ResultSource } from '../../../src/compare/gate/repetition-pool.ts';
import { interleavedBatch } from '../../helpers/interleaved-batch.ts';
import { buildResultFile } from '../../helpers/result-builder.ts';

const side = (name: 'base' | 'head', ...sources: ResultSource[]) => poolSide({ side: name, sources });
const p99s = [1000, 1010, 990, 1005];

describe('pairSides', () => {
  it('pairs repetition r of each level of one ABBA batch, in measurement order', () => {
    const { base, head } = interleavedBatch({ id: 'b1', base: p99s, head: p99s });
    const outcome = pairSides({ base: side('base', base), head: side('head', head) });
    if (!outcome.paired) throw new Error(outcome.reason);
    expect(outcome.batches).toEqual(['b1']);
    const pairs = outcome.levels.get(500) ?? [];
    expect(pairs).toHaveLength(4);
    for (const p of pairs) expect(p.base.index).toBe(p.head.index);
    expect(pairs.map((p) => p.base.sequence)).toEqual([0, 3, 4, 7]);
  });

  it('refuses a file without a batch, naming it', () => {
    const plain: ResultSource = { file: 'plain.json', result: buildResultFile({ levels: [{ targetRps: 500, repetitions: [{ p99Us: 1000 }] }] }) };
    const { head } = interleavedBatch({ id: 'b1', base: p99s, head: p99s });
    expect(pairSides({ base: side('base', plain), head: side('head', head) })).toEqual({
      paired: false,
      reason: 'plain.json (base) records no batch: it was not measured interleaved with the other side',
    });
  });

  it('refuses different batches, unequal pair sets and repetitions without a sequence', () => {
    const one = interleavedBatch({ id: 'b1', base: p99s, head: p99s });
    const two = interleavedBatch({ id: 'b2', base: p99s, head: p99s });
    expect(pairSides({ base: side('base', one.base), head: side('head', two.head) })).toMatchObject({
      paired: false,
      reason: 'base and head come from different batches (base b1; head b2)',
    });
    const short = interleavedBatch({ id: 'b1', base: p99s, head: p99s.slice(0, 3) });
    expect(pairSides({ base: side('base', one.base), head: side('head', short.head) })).toMatchObject({ paired: false, reason: expect.stringContaining('the pair sets differ') });
    const old = interleavedBatch({ id: 'b1', base: p99s, head: p99s });
    for (const rep of old.head.result.levels[0]?.repetitions ?? []) delete rep.sequence;
    expect(pairSides({ base: side('base', old.base), head: side('head', old.head) })).toMatchObject({ paired: false, reason: expect.stringContaining('without a measurement sequence') });
  });
});
