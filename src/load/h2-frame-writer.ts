/**
 * The outbound side of an HTTP/2 connection (RFC 9113 §4): frames appended to one growing buffer,
 * written to the socket in one write per microtask, so the frames of one event-loop turn (a
 * batch of HEADERS, their DATA, WINDOW_UPDATEs) share a syscall.
 */
import type net from 'node:net';
import { FRAME_HEADER_BYTES, writeFrameHeader } from './h2-frames.ts';

export class H2FrameWriter {
  private out = Buffer.allocUnsafe(16 * 1024);
  private outBytes = 0;
  private flushQueued = false;

  /** `socket()`: where to write now, or null when the connection is gone (the bytes are dropped). */
  constructor(private readonly socket: () => net.Socket | null) {}

  private reserve(bytes: number): void {
    if (this.outBytes + bytes <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.outBytes + bytes));
    this.out.copy(bigger, 0, 0, this.outBytes);
    this.out = bigger;
  }

  /** Appends one frame whose payload is `payload[from, to)`. */
  appendFrame(type: number, flags: number, streamId: number, payload: Buffer, from: number, to: number): void {
    const length = to - from;
    this.reserve(FRAME_HEADER_BYTES + length);
    writeFrameHeader(this.out, this.outBytes, { length, type, flags, streamId });
    payload.copy(this.out, this.outBytes + FRAME_HEADER_BYTES, from, to);
    this.outBytes += FRAME_HEADER_BYTES + length;
    this.queueFlush();
  }

  /** Appends bytes already framed (the preface, a SETTINGS frame, …). */
  append(bytes: Buffer): void {
    this.reserve(bytes.length);
    bytes.copy(this.out, this.outBytes);
    this.outBytes += bytes.length;
    this.queueFlush();
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(this.flush);
  }

  /** Writes what was appended now (also run by the queued microtask). */
  readonly flush = (): void => {
    this.flushQueued = false;
    const socket = this.socket();
    if (this.outBytes === 0 || !socket) {
      this.outBytes = 0;
      return;
    }
    // A copy: the socket keeps the buffer until the kernel took it, and `out` is reused.
    socket.write(Buffer.from(this.out.subarray(0, this.outBytes)));
    this.outBytes = 0;
  };
}
