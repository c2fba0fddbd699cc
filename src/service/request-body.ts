/**
 * Reads a request body up to a byte limit. Past the limit it stops reading at once (the declared
 * Content-Length is checked before reading anything) so the caller can answer 413 promptly
 * instead of swallowing an oversized upload.
 */
import type { IncomingMessage } from 'node:http';

/** Outcome of {@link readRequestBody}. */
export type BodyReadResult =
  | { kind: 'ok'; body: Buffer }
  /** Larger than the limit; the rest is left unread (answer with `connection: close`). */
  | { kind: 'too-large' }
  /** The client went away before the end of the body; nothing can be answered. */
  | { kind: 'aborted' };

const TOO_LARGE: BodyReadResult = { kind: 'too-large' };
const ABORTED: BodyReadResult = { kind: 'aborted' };
const EMPTY = Buffer.alloc(0);

/** Reads the whole body of `req` if it is at most `maxBytes` long (see the module comment). */
export function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<BodyReadResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    req.pause();
    return Promise.resolve(TOO_LARGE);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let totalBytes = 0;
    const finish = (result: BodyReadResult): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      totalBytes += chunk.length;
      if (totalBytes > maxBytes) {
        req.pause();
        finish(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      const body = chunks.length === 1 ? chunks[0] : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, totalBytes);
      finish({ kind: 'ok', body: body ?? EMPTY });
    };
    const onAbort = (): void => finish(ABORTED);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onAbort);
  });
}
