import { describe, expect, it } from 'vitest';
import { decodeHuffman, huffmanCodes } from '../../src/load/hpack-huffman.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const decode = (b: Buffer) => decodeHuffman(b, 0, b.length);

/** Huffman-encodes with the derived codes, padding with 1s (RFC 7541 §5.2). */
function encode(text: string): Buffer {
  const codes = huffmanCodes();
  let bits = '';
  for (const ch of Buffer.from(text, 'latin1')) {
    const { code, bits: n } = codes[ch] as { code: number; bits: number };
    bits += code.toString(2).padStart(n, '0');
  }
  bits += '1'.repeat((8 - (bits.length % 8)) % 8);
  return Buffer.from(bits.match(/.{8}/g)?.map((b) => Number.parseInt(b, 2)) ?? []);
}

describe('HPACK Huffman code', () => {
  it('derives the codes of RFC 7541 Appendix B from the code lengths', () => {
    const codes = huffmanCodes();
    expect(codes).toHaveLength(257);
    // A sample of Appendix B's rows: (sym, code as hex, length).
    expect(codes[0]).toEqual({ code: 0x1ff8, bits: 13 });
    expect(codes[32]).toEqual({ code: 0x14, bits: 6 });
    expect(codes[48]).toEqual({ code: 0x0, bits: 5 });
    expect(codes[97]).toEqual({ code: 0x3, bits: 5 });
    expect(codes[127]).toEqual({ code: 0xffffffc, bits: 28 });
    expect(codes[200]).toEqual({ code: 0x3ffffe2, bits: 26 });
    expect(codes[255]).toEqual({ code: 0x3ffffee, bits: 26 });
    expect(codes[256]).toEqual({ code: 0x3fffffff, bits: 30 });
    // A complete prefix code: the Kraft sum is exactly 1.
    expect(codes.reduce((sum, c) => sum + 2 ** -c.bits, 0)).toBe(1);
  });

  it('decodes the Huffman strings of Appendix C.4 and C.6', () => {
    expect(decode(hex('f1e3 c2e5 f23a 6ba0 ab90 f4ff'))).toBe('www.example.com');
    expect(decode(hex('a8eb 1064 9cbf'))).toBe('no-cache');
    expect(decode(hex('25a8 49e9 5ba9 7d7f'))).toBe('custom-key');
    expect(decode(hex('25a8 49e9 5bb8 e8b4 bf'))).toBe('custom-value');
    expect(decode(hex('6402'))).toBe('302');
    expect(decode(hex('aec3 771a 4b'))).toBe('private');
    expect(decode(hex('d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff'))).toBe('Mon, 21 Oct 2013 20:13:21 GMT');
    expect(decode(hex('9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3'))).toBe('https://www.example.com');
    expect(decode(hex('94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07'))).toBe(
      'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1',
    );
  });

  it('decodes every octet, alone and in a run', () => {
    for (let b = 0; b < 256; b++) expect(decode(encode(String.fromCharCode(b)))).toBe(String.fromCharCode(b));
    const all = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b)).join('');
    expect(decode(encode(all))).toBe(all);
    expect(decode(Buffer.alloc(0))).toBe('');
  });

  it('refuses padding longer than 7 bits, padding that is not 1s, and EOS inside the string (§5.2)', () => {
    expect(decode(hex('1f'))).toBe('a'); // 00011 + 111
    expect(decode(hex('18'))).toBeNull(); // 00011 + 000
    expect(decode(hex('ff'))).toBeNull(); // 8 bits of padding
    expect(decode(hex('1f ff'))).toBeNull(); // 'a' then 11 bits of padding
    expect(decode(hex('ff ff ff fc'))).toBeNull(); // EOS (30 ones) decoded
  });
});
