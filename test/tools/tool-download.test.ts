import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertDigest, downloadBytes, isSha256Hex, sha256Hex } from '../../src/tools/tool-download.ts';
import { type ReleaseServer, startReleaseServer } from '../helpers/release-server.ts';

const body = Buffer.from('pinned release bytes');
let server: ReleaseServer;
beforeAll(async () => {
  server = await startReleaseServer({ '/cli.tar.gz': body });
});
afterAll(async () => {
  await server.close();
});

describe('digests', () => {
  it('SHA-256 as lower-case hex', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(isSha256Hex('BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD')).toBe(true);
    expect(isSha256Hex('ba7816bf')).toBe(false);
  });

  it('refuses bytes that do not hash to the pin, naming both digests; accepts an upper-case pin', () => {
    const pin = sha256Hex(body);
    expect(() => assertDigest({ url: 'u', bytes: body, expectedSha256: pin.toUpperCase() })).not.toThrow();
    expect(() => assertDigest({ url: 'u', bytes: Buffer.from('tampered'), expectedSha256: pin })).toThrow(
      expect.objectContaining({ code: 'COMMAND_FAILED', message: `refusing u: SHA-256 ${sha256Hex(Buffer.from('tampered'))} does not match the pinned ${pin}` }),
    );
  });
});

describe('downloadBytes', () => {
  it('follows a redirect and returns the body', async () => {
    expect(await downloadBytes({ url: `${server.url}/redirect/cli.tar.gz`, timeoutMs: 5000 })).toEqual(body);
  });

  it('an HTTP error or an unreachable host is COMMAND_FAILED naming the URL', async () => {
    await expect(downloadBytes({ url: `${server.url}/missing`, timeoutMs: 5000 })).rejects.toThrow(`download of ${server.url}/missing failed: HTTP 404`);
    await expect(downloadBytes({ url: 'http://127.0.0.1:1/x', timeoutMs: 5000 })).rejects.toThrow(/download of http:\/\/127\.0\.0\.1:1\/x failed: /);
  });

  it('an aborted download is an interruption, not a network error', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(downloadBytes({ url: `${server.url}/cli.tar.gz`, timeoutMs: 5000, signal: abort.signal })).rejects.toMatchObject({ code: 'INTERRUPTED' });
  });
});
