import { describe, expect, it } from 'vitest';
import { createFixedRequestPicker } from '../../src/load/fixed-request.ts';

describe('createFixedRequestPicker', () => {
  it('always returns the same prepared request', () => {
    const picker = createFixedRequestPicker({ method: 'GET', path: '/orders/1', body: null, headers: { 'x-a': '1' } });
    const first = picker.next();
    expect(first).toEqual({ name: 'request', method: 'GET', path: '/orders/1', body: null, headers: { 'x-a': '1' } });
    expect(picker.next()).toBe(first);
  });

  it('encodes a body once and marks it JSON unless a content type is given', () => {
    const json = createFixedRequestPicker({ method: 'POST', path: '/orders', body: '{"a":1}', headers: {} }).next();
    expect(json.body?.toString()).toBe('{"a":1}');
    expect(json.headers).toEqual({ 'content-type': 'application/json' });
    const text = createFixedRequestPicker({ method: 'POST', path: '/x', body: 'hi', headers: { 'content-type': 'text/plain' } }).next();
    expect(text.headers).toEqual({ 'content-type': 'text/plain' });
  });

  it('sends / for an empty path', () => {
    expect(createFixedRequestPicker({ method: 'GET', path: '', body: null, headers: {} }).next().path).toBe('/');
  });
});
