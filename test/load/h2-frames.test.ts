import { describe, expect, it } from 'vitest';
import { FrameReader, FrameType, frame, goawayFrame, rstStreamFrame, settingsFrame, windowUpdateFrame } from '../../src/load/h2-frames.ts';

interface Seen {
  type: number;
  flags: number;
  streamId: number;
  payload: string;
}

function collect(reader: FrameReader, chunks: Buffer[]): Seen[] | null {
  const seen: Seen[] = [];
  const sink = {
    onFrame: (type: number, flags: number, streamId: number, data: Buffer, start: number, end: number) => {
      seen.push({ type, flags, streamId, payload: data.toString('hex', start, end) });
      return true;
    },
  };
  for (const c of chunks) {
    // The caller reuses its read buffer: hand over a copy that is scribbled over afterwards.
    const copy = Buffer.from(c);
    if (!reader.feed(copy, sink)) return null;
    copy.fill(0xee);
  }
  return seen;
}

const STREAM = Buffer.concat([
  settingsFrame([
    [3, 100],
    [4, 65_535],
  ]),
  frame(FrameType.HEADERS, 0x4 | 0x8, 1, Buffer.from([2, 0x88, 0, 0])),
  frame(FrameType.DATA, 0x1, 1, Buffer.from('hello')),
  frame(FrameType.PING, 0, 0, Buffer.alloc(8, 7)),
  windowUpdateFrame(0, 1 << 20),
  rstStreamFrame(3, 8),
  goawayFrame(5, 0),
  frame(FrameType.DATA, 0, 7),
]);

describe('HTTP/2 frame reader', () => {
  const whole = collect(new FrameReader(), [STREAM]) as Seen[];

  it('reads frame headers and payloads (RFC 9113 §4.1)', () => {
    expect(whole.map((f) => [f.type, f.flags, f.streamId])).toEqual([
      [FrameType.SETTINGS, 0, 0],
      [FrameType.HEADERS, 0xc, 1],
      [FrameType.DATA, 1, 1],
      [FrameType.PING, 0, 0],
      [FrameType.WINDOW_UPDATE, 0, 0],
      [FrameType.RST_STREAM, 0, 3],
      [FrameType.GOAWAY, 0, 0],
      [FrameType.DATA, 0, 7],
    ]);
    expect(whole[0]?.payload).toBe('000300000064000400' + '00ffff');
    expect(whole[2]?.payload).toBe(Buffer.from('hello').toString('hex'));
    expect(whole[4]?.payload).toBe('00100000');
    expect(whole[7]?.payload).toBe('');
  });

  it('gives the same frames whatever the read boundaries: split at every byte, and byte by byte', () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      expect(collect(new FrameReader(), [STREAM.subarray(0, cut), STREAM.subarray(cut)])).toEqual(whole);
    }
    expect(collect(new FrameReader(), [...STREAM].map((b) => Buffer.from([b])))).toEqual(whole);
  });

  it('and split in three at every pair of boundaries', () => {
    for (let i = 0; i <= STREAM.length; i++) {
      for (let j = i; j <= STREAM.length; j++) {
        expect(collect(new FrameReader(), [STREAM.subarray(0, i), STREAM.subarray(i, j), STREAM.subarray(j)])).toEqual(whole);
      }
    }
  });

  it('ignores the reserved bit of the stream id', () => {
    const f = frame(FrameType.DATA, 0, 9, Buffer.from('x'));
    f[5] = (f[5] as number) | 0x80;
    expect(collect(new FrameReader(), [f])?.[0]?.streamId).toBe(9);
  });

  it('refuses a frame larger than its SETTINGS_MAX_FRAME_SIZE as soon as the header is read (§4.2)', () => {
    const reader = new FrameReader(16_384);
    const big = frame(FrameType.DATA, 0, 1, Buffer.alloc(16_385));
    expect(collect(reader, [big.subarray(0, 9)])).toBeNull();
    expect(reader.oversized).toBe(true);
    expect(collect(new FrameReader(16_384), [frame(FrameType.DATA, 0, 1, Buffer.alloc(16_384))])).toHaveLength(1);
  });
});
