import { describe, expect, it } from 'vitest';
import { runOrderNote } from '../../../src/compare/gate/run-order.ts';
import { level, pooledSide } from '../../helpers/gate-objects.ts';

const reps = [1000, 1010, 990];

describe('runOrderNote', () => {
  it('notes base and head measured one after the other, with the gap in hours', () => {
    const base = pooledSide('base', [level(100, reps)], { createdAt: '2026-01-15T10:00:00.000Z' });
    const head = pooledSide('head', [level(100, reps)], { createdAt: '2026-01-15T13:00:00.000Z' });
    const note = runOrderNote({ base, head });
    expect(note).toMatch(/^base and head were measured one after the other 3\.0 h apart, not interleaved/);
    expect(runOrderNote({ base: head, head: base })).toBe(note);
  });

  it('leaves out the gap under an hour', () => {
    const base = pooledSide('base', [level(100, reps)], { createdAt: '2026-01-15T10:00:00.000Z' });
    const head = pooledSide('head', [level(100, reps)], { createdAt: '2026-01-15T10:10:00.000Z' });
    expect(runOrderNote({ base, head })).toMatch(/^base and head were measured one after the other, not interleaved/);
  });

  it('says nothing when the windows overlap in time (interleaved)', () => {
    const base = pooledSide('base', [level(100, reps)], { createdAt: '2026-01-15T10:00:00.000Z' });
    const head = pooledSide('head', [level(100, reps)], { createdAt: '2026-01-15T10:00:15.000Z' });
    expect(runOrderNote({ base, head })).toBeNull();
  });
});
