/**
 * One keep-alive HTTP/1.1 client connection on a raw TCP socket (or a TLS socket for https://,
 * tls-connect.ts), for both engines.
 *
 * Why not a general HTTP client: a maximum-throughput probe is only as good as the generator's
 * per-request cost. Requests are pre-rendered to bytes once; responses are parsed only as far as
 * the status code and where the message ends (Content-Length or chunked framing). That puts one
 * Node thread close to wrk (npm run bench:engine), where autocannon reached about 0.4× wrk.
 * One request is outstanding per connection (no pipelining), like wrk's default.
 */
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TlsConnector } from './tls-connect.ts';
import { socketErrorKind } from './socket-error-kind.ts';

/** A request rendered to the bytes sent on the wire. */
export function renderHttpRequest(options: { host: string; method: string; path: string; headers: Record<string, string>; body: Buffer | null }): Buffer {
  let head = `${options.method} ${options.path} HTTP/1.1\r\nhost: ${options.host}\r\n`;
  for (const [name, value] of Object.entries(options.headers)) head += `${name}: ${value}\r\n`;
  if (options.body) head += `content-length: ${options.body.length}\r\n`;
  head += '\r\n';
  return options.body ? Buffer.concat([Buffer.from(head, 'latin1'), options.body]) : Buffer.from(head, 'latin1');
}

export interface RawResponseHandler {
  onResponse(statusCode: number): void;
  onError(kind: string): void;
}

const CRLF = Buffer.from('\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');

/** Value of a header in a lowercased response head (`\r\n<name>:` form), or null. */
function headerValue(lowerHead: string, marker: string): string | null {
  const at = lowerHead.indexOf(marker);
  if (at < 0) return null;
  const start = at + marker.length;
  const end = lowerHead.indexOf('\r\n', start);
  return lowerHead.slice(start, end < 0 ? undefined : end).trim();
}

/** Whether a comma-separated header value lists `token` (lowercase). */
function hasToken(value: string | null, token: string): boolean {
  if (value === null) return false;
  if (value === token) return true;
  return value.split(',').some((t) => t.trim() === token);
}

const CONNECTION = '\r\nconnection:';
const CONTENT_LENGTH = '\r\ncontent-length:';
const TRANSFER_ENCODING = '\r\ntransfer-encoding:';

type FramerState = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'until-close';

/** Incremental response framing: feed bytes, learn when each response is complete. */
export class ResponseFramer {
  private buffered: Buffer | null = null;
  private state: FramerState = 'head';
  private statusCode = 0;
  /** Bytes left of the body (Content-Length) or of the current chunk. */
  private remaining = 0;
  /** The last response asked to close the connection. */
  closeAfter = false;
  /** Body bytes of the response being framed (of the last one, once it is complete). */
  bodyBytes = 0;
  /** The request being answered was HEAD: its response has no body whatever its headers say. */
  headRequest = false;

  /** The connection closed: the status of a response that ends at the close, or null. */
  endAtClose(): number | null {
    if (this.state !== 'until-close') return null;
    this.state = 'head';
    return this.statusCode;
  }

  /** Feeds bytes; calls `done(status)` for every complete final response. False on a framing error. */
  feed(chunk: Buffer, done: (statusCode: number) => void): boolean {
    const data = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.buffered = null;
    let offset = 0;
    while (offset < data.length) {
      if (this.state === 'until-close') {
        this.bodyBytes += data.length - offset;
        return true;
      }
      if (this.state === 'head') {
        const end = data.indexOf(CRLFCRLF, offset);
        if (end < 0) break;
        if (!this.parseHead(data.toString('latin1', offset, end))) return false;
        offset = end + 4;
        if (this.state === 'head') this.finish(done);
      } else if (this.state === 'body' || this.state === 'chunk-data') {
        const take = Math.min(this.remaining, data.length - offset);
        this.remaining -= take;
        this.bodyBytes += take;
        offset += take;
        if (this.remaining === 0) {
          if (this.state === 'body') {
            this.state = 'head';
            this.finish(done);
          } else this.state = 'chunk-crlf';
        }
      } else {
        const lineEnd = data.indexOf(CRLF, offset);
        if (lineEnd < 0) break;
        const line = data.toString('latin1', offset, lineEnd);
        offset = lineEnd + 2;
        if (this.state === 'chunk-crlf') {
          if (line !== '') return false;
          this.state = 'chunk-size';
        } else if (this.state === 'chunk-size') {
          const size = Number.parseInt(line, 16);
          if (Number.isNaN(size)) return false;
          if (size === 0) this.state = 'trailers';
          else {
            this.remaining = size;
            this.state = 'chunk-data';
          }
        } else if (line === '') {
          // End of trailers: the chunked message is complete.
          this.state = 'head';
          this.finish(done);
        }
      }
    }
    // Copy: the socket's read buffer is reused for the next read.
    if (offset < data.length) this.buffered = Buffer.from(data.subarray(offset));
    return true;
  }

  private parseHead(head: string): boolean {
    // "HTTP/1.1 200 OK" (RFC 9112 §4: the status code is exactly three digits)
    const statusCode = Number(head.slice(9, 12));
    if (!head.startsWith('HTTP/1.') || head.charCodeAt(8) !== 32 || !/^[1-5]\d\d$/.test(head.slice(9, 12))) return false;
    this.statusCode = statusCode;
    this.bodyBytes = 0;
    // One lowercase copy of the head (≈100 bytes) and plain scans: header names are case-insensitive.
    const lower = head.toLowerCase();
    // HTTP/1.0 closes after the response unless it says keep-alive; HTTP/1.1 keeps it unless "close".
    const connection = headerValue(lower, CONNECTION);
    this.closeAfter = lower.startsWith('http/1.0') ? !hasToken(connection, 'keep-alive') : hasToken(connection, 'close');
    // RFC 9112 §6.3: HEAD, 1xx, 204 and 304 responses end at the head, whatever the headers say.
    if (this.headRequest || statusCode < 200 || statusCode === 204 || statusCode === 304) {
      this.state = 'head';
      return true;
    }
    const coding = headerValue(lower, TRANSFER_ENCODING);
    const length = headerValue(lower, CONTENT_LENGTH);
    // Chunked when it is the last transfer coding (RFC 9112 §6.3 rule 4).
    if (coding !== null && /(^|,)\s*chunked$/.test(coding)) this.state = 'chunk-size';
    else if (length !== null) {
      if (!/^\d+$/.test(length)) return false;
      this.remaining = Number(length);
      this.state = this.remaining > 0 ? 'body' : 'head';
    } else {
      // No framing: the body runs to the close, and the response is complete (and timed) then.
      this.closeAfter = true;
      this.state = 'until-close';
    }
    return true;
  }

  private finish(done: (statusCode: number) => void): void {
    // 1xx informational responses precede the real one.
    if (this.statusCode >= 200) done(this.statusCode);
  }
}

/** A connection that sends one request at a time and reconnects after errors or `connection: close`. */
export class RawHttpConnection {
  private socket: net.Socket | null = null;
  private framer = new ResponseFramer();
  private handler: RawResponseHandler | null = null;
  private connected = false;
  private pending: Buffer | null = null;
  private closed = false;
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);

  /** With `tls`, the connection speaks HTTPS: requests wait for the handshake, not just the TCP connect. */
  constructor(private readonly options: { host: string; port: number; tls?: TlsConnector | undefined }) {}

  /** Sends a request; exactly one of the handler's callbacks follows. */
  send(request: Buffer, handler: RawResponseHandler): void {
    this.handler = handler;
    if (!this.socket) this.open();
    // "HEAD " — its response has no body.
    this.framer.headRequest = request[0] === 0x48 && request[1] === 0x45 && request[2] === 0x41 && request[3] === 0x44 && request[4] === 0x20;
    if (this.connected) (this.socket as net.Socket).write(request);
    else this.pending = request;
  }

  /** Body bytes of the last complete response. */
  get lastBodyBytes(): number {
    return this.framer.bodyBytes;
  }

  /** The handler of the outstanding request, if any. */
  get current(): RawResponseHandler | null {
    return this.handler;
  }

  /** Fails the outstanding request as timed out and drops the connection (a fresh one follows). */
  expire(): void {
    const socket = this.socket;
    if (socket) this.fail(socket, 'timeout');
    else if (this.handler) {
      const h = this.handler;
      this.handler = null;
      h.onError('timeout');
    }
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.socket = null;
  }

  private open(): void {
    // `onread` hands bytes straight to us in a reused buffer: no stream machinery per response.
    const { host, port, tls } = this.options;
    const onread = { buffer: this.readBuffer, callback: (bytes: number, buffer: Uint8Array): boolean => this.onBytes(socket, Buffer.from(buffer.buffer, buffer.byteOffset, bytes)) };
    const socket: net.Socket = tls ? tls.connect({ host, port, onread }) : net.connect({ port, host, noDelay: true, onread });
    this.socket = socket;
    this.connected = false;
    this.framer = new ResponseFramer();
    socket.on(tls ? 'secureConnect' : 'connect', () => {
      this.connected = true;
      if (this.pending) {
        socket.write(this.pending);
        this.pending = null;
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) =>
      this.fail(socket, tls?.errorKind(socket as TLSSocket, err) ?? socketErrorKind(err)),
    );
    socket.on('close', () => this.fail(socket, 'closed'));
  }

  private onBytes(socket: net.Socket, bytes: Buffer): boolean {
    const ok = this.framer.feed(bytes, this.onFramed);
    if (!ok) this.fail(socket, 'protocol');
    return true;
  }

  /** One complete response (bound once: no closure per response). */
  private readonly onFramed = (status: number): void => {
    const h = this.handler;
    this.handler = null;
    if (this.framer.closeAfter && this.socket) this.drop(this.socket);
    h?.onResponse(status);
  };

  private drop(socket: net.Socket): void {
    if (this.socket === socket) this.socket = null;
    socket.destroy();
  }

  private fail(socket: net.Socket, kind: string): void {
    if (this.socket !== socket && this.socket !== null) return;
    // A response without framing ends when the server closes: complete, timed now.
    if (kind === 'closed' && this.socket === socket) {
      const status = this.framer.endAtClose();
      if (status !== null) {
        this.drop(socket);
        const h = this.handler;
        this.handler = null;
        if (status >= 200) h?.onResponse(status);
        return;
      }
    }
    this.drop(socket);
    this.pending = null;
    const h = this.handler;
    this.handler = null;
    if (h && !this.closed) h.onError(kind);
  }
}
