import { describe, expect, it } from 'vitest';
import { ResponsePadding } from '../../src/service/response-padding.ts';

describe('ResponsePadding', () => {
  const json = JSON.stringify({ id: 1, status: 'created' });

  it.each([64, 100, 256, 1_000, 100_000])('pads a body to exactly %i bytes of valid JSON', (target) => {
    const padded = new ResponsePadding(target).apply(json);
    expect(padded.bytes).toBe(target);
    expect(Buffer.byteLength(padded.body)).toBe(target);
    const parsed = JSON.parse(padded.body) as Record<string, unknown>;
    expect(parsed).toMatchObject({ id: 1, status: 'created' });
    expect(typeof parsed['pad']).toBe('string');
  });

  it('leaves a body that is already as large (or too close to fit a pad) unchanged', () => {
    for (const target of [0, 10, json.length, json.length + 9]) {
      expect(new ResponsePadding(target).apply(json)).toEqual({ body: json, bytes: json.length });
    }
    expect(new ResponsePadding(json.length + 10).apply(json).bytes).toBe(json.length + 10);
  });

  it('counts bytes, not characters, for non-ASCII bodies', () => {
    const body = JSON.stringify({ note: 'crème brûlée ☕' });
    const padded = new ResponsePadding(200).apply(body);
    expect(padded.bytes).toBe(200);
    expect(Buffer.byteLength(padded.body)).toBe(200);
  });

  it('pads an empty object', () => {
    const padded = new ResponsePadding(50).apply('{}');
    expect(Buffer.byteLength(padded.body)).toBe(50);
    expect(Object.keys(JSON.parse(padded.body) as object)).toEqual(['pad']);
  });

  it('refuses a negative size', () => {
    expect(() => new ResponsePadding(-1)).toThrow(RangeError);
  });
});
