import { describe, expect, it } from 'vitest';
import { H2Stream, type H2StreamOwner } from '../../src/load/h2-stream.ts';

function owner(): H2StreamOwner & { cancelled: string[]; freed: number } {
  const o = {
    cancelled: [] as string[],
    freed: 0,
    cancel: (_stream: H2Stream, kind: string) => o.cancelled.push(kind),
    slotFreed: () => {
      o.freed += 1;
    },
  };
  return o;
}

describe('H2Stream', () => {
  it('starts with the window it was given and nothing received', () => {
    const stream = new H2Stream(owner(), 3, null, 65_535);
    expect([stream.id, stream.sendWindow, stream.status, stream.grpcStatus, stream.bodySent, stream.bodyBytes]).toEqual([3, 65_535, 0, -1, 0, 0]);
  });

  it('expires as a timeout through its connection', () => {
    const o = owner();
    new H2Stream(o, 1, null, 10).expire();
    expect(o.cancelled).toEqual(['timeout']);
  });

  it('frees its slot once, however often it is released', () => {
    const o = owner();
    const stream = new H2Stream(o, 1, null, 10);
    stream.releaseSlot();
    stream.releaseSlot();
    expect(o.freed).toBe(1);
  });
});
