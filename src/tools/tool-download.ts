/**
 * Downloads a release artifact into memory (redirects followed, a size cap, a deadline) and
 * checks its SHA-256 against the expected digest before anything is written: a mismatch refuses.
 */
import { createHash } from 'node:crypto';
import { HarnessError, interruptedError } from '../errors.ts';

/** Largest download accepted (the CLIs are 20–80 MB). */
export const MAX_DOWNLOAD_BYTES = 256 * 1024 * 1024;

/** Lower-case hex SHA-256 of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True for a 64-character hex digest. */
export function isSha256Hex(text: string): boolean {
  return /^[0-9a-f]{64}$/i.test(text);
}

/** GETs `url` and returns the body. */
export async function downloadBytes(options: { url: string; timeoutMs: number; signal?: AbortSignal | undefined }): Promise<Buffer> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  let response: Response;
  try {
    response = await fetch(options.url, { redirect: 'follow', signal: AbortSignal.any(signals) });
  } catch (err) {
    if (options.signal?.aborted) throw interruptedError();
    throw new HarnessError('COMMAND_FAILED', `download of ${options.url} failed: ${(err as Error).message}`, {
      hint: 'check the network (or pass --url with a reachable mirror)',
      cause: err,
    });
  }
  if (!response.ok) {
    throw new HarnessError('COMMAND_FAILED', `download of ${options.url} failed: HTTP ${response.status}`, { hint: 'check the version exists for this platform' });
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_DOWNLOAD_BYTES) throw new HarnessError('COMMAND_FAILED', `download of ${options.url} is ${declared} bytes, above the ${MAX_DOWNLOAD_BYTES}-byte cap`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > MAX_DOWNLOAD_BYTES) throw new HarnessError('COMMAND_FAILED', `download of ${options.url} exceeded ${MAX_DOWNLOAD_BYTES} bytes`);
  return body;
}

/** Throws (refusing the download) unless `bytes` hash to `expectedSha256`. */
export function assertDigest(options: { url: string; bytes: Uint8Array; expectedSha256: string }): void {
  const actual = sha256Hex(options.bytes);
  if (actual !== options.expectedSha256.toLowerCase()) {
    throw new HarnessError('COMMAND_FAILED', `refusing ${options.url}: SHA-256 ${actual} does not match the pinned ${options.expectedSha256.toLowerCase()}`, {
      hint: 'the download is not the pinned release (tampered, truncated or a different build); nothing was installed',
    });
  }
}
