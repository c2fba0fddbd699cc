import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { H2FrameWriter } from '../../src/load/h2-frame-writer.ts';
import { FRAME_HEADER_BYTES, FrameType } from '../../src/load/h2-frames.ts';

function fakeSocket(): { socket: net.Socket; writes: Buffer[] } {
  const writes: Buffer[] = [];
  return { socket: { write: (b: Buffer) => writes.push(Buffer.from(b)) } as unknown as net.Socket, writes };
}

describe('H2FrameWriter', () => {
  it('writes the frames of one turn in one write, after a microtask', async () => {
    const { socket, writes } = fakeSocket();
    const writer = new H2FrameWriter(() => socket);
    writer.append(Buffer.from('PRI'));
    writer.appendFrame(FrameType.DATA, 1, 5, Buffer.from('xxhelloxx'), 2, 7);
    expect(writes).toHaveLength(0);
    await Promise.resolve();
    expect(writes).toHaveLength(1);
    const out = writes[0] as Buffer;
    expect(out.length).toBe(3 + FRAME_HEADER_BYTES + 5);
    expect(out.subarray(0, 3).toString()).toBe('PRI');
    // Frame header: length 5, type DATA, flags 1, stream 5 (RFC 9113 §4.1).
    expect([...out.subarray(3, 3 + FRAME_HEADER_BYTES)]).toEqual([0, 0, 5, FrameType.DATA, 1, 0, 0, 0, 5]);
    expect(out.subarray(3 + FRAME_HEADER_BYTES).toString()).toBe('hello');
  });

  it('grows past its first buffer and drops the bytes when the connection is gone', async () => {
    const { socket, writes } = fakeSocket();
    let live = true;
    const writer = new H2FrameWriter(() => (live ? socket : null));
    const big = Buffer.alloc(40_000, 7);
    writer.appendFrame(FrameType.DATA, 0, 1, big, 0, big.length);
    writer.flush();
    expect(writes[0]?.length).toBe(FRAME_HEADER_BYTES + big.length);
    live = false;
    writer.append(Buffer.from('lost'));
    await Promise.resolve();
    expect(writes).toHaveLength(1);
  });
});
