import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRequestBody } from '../../src/service/request-body.ts';

/** A request stream with headers, fed by the test. */
function fakeRequest(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

describe('readRequestBody', () => {
  it('collects a body sent in pieces', async () => {
    const req = fakeRequest();
    const reading = readRequestBody(req, 100);
    req.write('{"a":');
    req.end('1}');
    const result = await reading;
    expect(result.kind).toBe('ok');
    expect(result.kind === 'ok' && result.body.toString()).toBe('{"a":1}');
  });

  it('answers an empty body as empty bytes', async () => {
    const req = fakeRequest();
    const reading = readRequestBody(req, 100);
    req.end();
    const result = await reading;
    expect(result.kind === 'ok' && result.body.length).toBe(0);
  });

  it('refuses a declared Content-Length over the limit without reading anything', async () => {
    const req = fakeRequest({ 'content-length': '101' });
    const result = await readRequestBody(req, 100);
    expect(result).toEqual({ kind: 'too-large' });
    expect(req.isPaused()).toBe(true);
  });

  it('accepts a body of exactly the limit', async () => {
    const req = fakeRequest({ 'content-length': '4' });
    const reading = readRequestBody(req, 4);
    req.end('abcd');
    const result = await reading;
    expect(result.kind === 'ok' && result.body.toString()).toBe('abcd');
  });

  it('stops as soon as an undeclared (chunked) body passes the limit, before it ends', async () => {
    const req = fakeRequest();
    const reading = readRequestBody(req, 4);
    req.write('abc');
    req.write('de');
    expect(await reading).toEqual({ kind: 'too-large' });
    expect(req.isPaused()).toBe(true);
    expect(req.listenerCount('data')).toBe(0);
  });

  it('reports a client that went away mid-body', async () => {
    const req = fakeRequest();
    const reading = readRequestBody(req, 100);
    req.write('ab');
    req.destroy();
    expect(await reading).toEqual({ kind: 'aborted' });
  });
});
