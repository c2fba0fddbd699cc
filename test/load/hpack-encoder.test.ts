import { describe, expect, it } from 'vitest';
import { HpackDecoder } from '../../src/load/hpack-decoder.ts';
import { encodeHeaderBlock } from '../../src/load/hpack-encoder.ts';

function decode(block: Buffer): [string, string][] | null {
  const fields: [string, string][] = [];
  return new HpackDecoder().decode(block, 0, block.length, { onHeader: (n, v) => fields.push([n, v]) }) ? fields : null;
}

describe('HPACK request blocks', () => {
  it('use the static table for exact fields and names, literals without indexing otherwise (RFC 7541 §6.1, §6.2.2)', () => {
    const block = encodeHeaderBlock([
      [':method', 'GET'],
      [':scheme', 'http'],
      [':authority', 'www.example.com'],
      ['x-trace', '1'],
    ]);
    // 82: :method GET; 86: :scheme http; 01 0f …: :authority (index 1) without indexing; 00 07 x-trace 01 "1".
    expect(block.toString('hex')).toBe(`8286010f${Buffer.from('www.example.com').toString('hex')}0007${Buffer.from('x-trace').toString('hex')}0131`);
  });

  it('encode integers past their prefix (§5.1): indices ≥ 15 and lengths ≥ 127', () => {
    const long = 'v'.repeat(1_337);
    const block = encodeHeaderBlock([['www-authenticate', long]]);
    // www-authenticate is static index 61: 0f 2e (15 + 46); length 1,337 = 7f + 0xba 0x09 (RFC 7541 C.1.2's bytes for a 7-bit prefix).
    expect([...block.subarray(0, 5)]).toEqual([0x0f, 0x2e, 0x7f, 0xba, 0x09]);
    expect(decode(block)).toEqual([['www-authenticate', long]]);
  });

  it('round-trips through the decoder, leaving its dynamic table empty', () => {
    const fields: [string, string][] = [
      [':method', 'POST'],
      [':scheme', 'https'],
      [':authority', '127.0.0.1:8443'],
      [':path', '/meshbench.v1.Orders/GetOrder'],
      ['content-type', 'application/grpc'],
      ['te', 'trailers'],
      ['content-length', '12'],
    ];
    const d = new HpackDecoder();
    const block = encodeHeaderBlock(fields);
    const out: [string, string][] = [];
    expect(d.decode(block, 0, block.length, { onHeader: (n, v) => out.push([n, v]) })).toBe(true);
    expect(out).toEqual(fields);
    expect(d.tableSize).toBe(0);
  });
});
