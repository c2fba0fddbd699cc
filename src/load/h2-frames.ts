/**
 * HTTP/2 framing (RFC 9113 §4, §6) for the raw HTTP/2 client connection: frame types, flags,
 * settings and error codes, the writing of frame headers, and an incremental frame reader that
 * takes bytes as they arrive, split anywhere. docs/engine.md (HTTP/2 engine) has the sources.
 */

export const FRAME_HEADER_BYTES = 9;
/** The client connection preface (RFC 9113 §3.4). */
export const CLIENT_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export const FrameType = {
  DATA: 0x0,
  HEADERS: 0x1,
  PRIORITY: 0x2,
  RST_STREAM: 0x3,
  SETTINGS: 0x4,
  PUSH_PROMISE: 0x5,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW_UPDATE: 0x8,
  CONTINUATION: 0x9,
} as const;

export const Flag = {
  END_STREAM: 0x1,
  ACK: 0x1,
  END_HEADERS: 0x4,
  PADDED: 0x8,
  PRIORITY: 0x20,
} as const;

export const Setting = {
  HEADER_TABLE_SIZE: 0x1,
  ENABLE_PUSH: 0x2,
  MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4,
  MAX_FRAME_SIZE: 0x5,
  MAX_HEADER_LIST_SIZE: 0x6,
} as const;

export const ErrorCode = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
} as const;

/** SETTINGS_MAX_FRAME_SIZE's initial value (RFC 9113 §6.5.2): the largest frame payload either side may send unless told more. */
export const DEFAULT_MAX_FRAME_SIZE = 16_384;
/** The initial flow-control window of a stream and of the connection (RFC 9113 §6.9.2). */
export const DEFAULT_WINDOW_BYTES = 65_535;
/** The largest flow-control window (RFC 9113 §6.9.1). */
export const MAX_WINDOW_BYTES = 2 ** 31 - 1;

/** Writes a frame header at `offset` of `out`. */
export function writeFrameHeader(out: Buffer, offset: number, header: { length: number; type: number; flags: number; streamId: number }): void {
  out[offset] = (header.length >>> 16) & 0xff;
  out[offset + 1] = (header.length >>> 8) & 0xff;
  out[offset + 2] = header.length & 0xff;
  out[offset + 3] = header.type;
  out[offset + 4] = header.flags;
  out.writeUInt32BE(header.streamId & 0x7fffffff, offset + 5);
}

/** A whole frame as its own buffer (control frames; the hot path writes into the connection's buffer). */
export function frame(type: number, flags: number, streamId: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  writeFrameHeader(out, 0, { length: payload.length, type, flags, streamId });
  payload.copy(out, FRAME_HEADER_BYTES);
  return out;
}

/** A SETTINGS frame with the given (identifier, value) pairs. */
export function settingsFrame(settings: readonly (readonly [number, number])[]): Buffer {
  const payload = Buffer.allocUnsafe(6 * settings.length);
  settings.forEach(([id, value], i) => {
    payload.writeUInt16BE(id, 6 * i);
    payload.writeUInt32BE(value, 6 * i + 2);
  });
  return frame(FrameType.SETTINGS, 0, 0, payload);
}

export function windowUpdateFrame(streamId: number, increment: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(increment & 0x7fffffff, 0);
  return frame(FrameType.WINDOW_UPDATE, 0, streamId, payload);
}

export function rstStreamFrame(streamId: number, errorCode: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(errorCode, 0);
  return frame(FrameType.RST_STREAM, 0, streamId, payload);
}

export function goawayFrame(lastStreamId: number, errorCode: number): Buffer {
  const payload = Buffer.allocUnsafe(8);
  payload.writeUInt32BE(lastStreamId & 0x7fffffff, 0);
  payload.writeUInt32BE(errorCode, 4);
  return frame(FrameType.GOAWAY, 0, 0, payload);
}

/** Receives whole frames; the payload is `data[start, end)`, valid only during the call. False stops the reader. */
export interface FrameSink {
  onFrame(type: number, flags: number, streamId: number, data: Buffer, start: number, end: number): boolean;
}

/** Cuts a byte stream into frames, whatever the read boundaries. */
export class FrameReader {
  private buffered: Buffer | null = null;
  /** Set when a frame was larger than allowed (a FRAME_SIZE_ERROR, RFC 9113 §4.2). */
  oversized = false;

  /** @param maxFrameSize our SETTINGS_MAX_FRAME_SIZE: larger frames are a connection error */
  constructor(private readonly maxFrameSize = DEFAULT_MAX_FRAME_SIZE) {}

  /** Feeds bytes (the buffer may be reused by the caller afterwards); false when a frame was refused or the sink stopped. */
  feed(chunk: Buffer, sink: FrameSink): boolean {
    let p = 0;
    if (this.buffered) {
      // Complete the frame left over from the last read with just the bytes it lacks (copying the
      // whole read would cost a large copy per read).
      let held = this.buffered;
      if (held.length < FRAME_HEADER_BYTES) {
        p = Math.min(FRAME_HEADER_BYTES - held.length, chunk.length);
        held = Buffer.concat([held, chunk.subarray(0, p)]);
        if (held.length < FRAME_HEADER_BYTES) {
          this.buffered = held;
          return true;
        }
      }
      const length = ((held[0] as number) << 16) | ((held[1] as number) << 8) | (held[2] as number);
      if (length > this.maxFrameSize) {
        this.oversized = true;
        return false;
      }
      const take = Math.min(FRAME_HEADER_BYTES + length - held.length, chunk.length - p);
      if (take > 0) held = Buffer.concat([held, chunk.subarray(p, p + take)]);
      p += take;
      if (held.length < FRAME_HEADER_BYTES + length) {
        this.buffered = held;
        return true;
      }
      this.buffered = null;
      if (this.parse(held, 0, sink) < 0) return false;
    }
    const end = this.parse(chunk, p, sink);
    if (end < 0) return false;
    // Copy: the socket's read buffer is reused for the next read.
    if (end < chunk.length) this.buffered = Buffer.from(chunk.subarray(end));
    return true;
  }

  /** Hands every whole frame of `data` from `p` to the sink; where the first incomplete frame starts, or -1 to stop. */
  private parse(data: Buffer, p: number, sink: FrameSink): number {
    const n = data.length;
    while (n - p >= FRAME_HEADER_BYTES) {
      const length = ((data[p] as number) << 16) | ((data[p + 1] as number) << 8) | (data[p + 2] as number);
      if (length > this.maxFrameSize) {
        this.oversized = true;
        return -1;
      }
      if (n - p - FRAME_HEADER_BYTES < length) break;
      const type = data[p + 3] as number;
      const flags = data[p + 4] as number;
      const streamId = data.readUInt32BE(p + 5) & 0x7fffffff;
      const start = p + FRAME_HEADER_BYTES;
      p = start + length;
      if (!sink.onFrame(type, flags, streamId, data, start, p)) return -1;
    }
    return p;
  }
}
