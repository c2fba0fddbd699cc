/**
 * The request side of HPACK for the HTTP/2 engine: a header block encoded once per request
 * template and then sent as is on every stream. Only representations that leave the server's
 * decoder table untouched are used (RFC 7541 §6.1 indexed static entries, §6.2.2 literals without
 * indexing, name indexed from the static table or given as a literal), and strings are not
 * Huffman-coded (§5.2, H = 0), so one block is valid on any connection at any time. That costs a
 * few bytes per request against an encoder with a dynamic table and saves all per-request work.
 */
import { STATIC_TABLE } from './hpack-decoder.ts';

/** The first static index of each name, and the index of each exact name and value. */
const NAME_INDEX = new Map<string, number>();
const FIELD_INDEX = new Map<string, number>();
STATIC_TABLE.forEach(([name, value], i) => {
  if (!NAME_INDEX.has(name)) NAME_INDEX.set(name, i + 1);
  if (value !== '') FIELD_INDEX.set(`${name}\n${value}`, i + 1);
});

/** An integer with an N-bit prefix (§5.1); `flags` fills the first octet's high bits. */
function integer(value: number, prefixBits: number, flags: number): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [flags | value];
  const out = [flags | max];
  let rest = value - max;
  while (rest >= 128) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

/** A raw (not Huffman-coded) string literal (§5.2). */
function literal(text: string): number[] {
  const bytes = Buffer.from(text, 'latin1');
  return [...integer(bytes.length, 7, 0), ...bytes];
}

/**
 * Encodes header fields (lowercase names, pseudo-headers first, as RFC 9113 §8.3 requires of the
 * caller) into one header block.
 */
export function encodeHeaderBlock(fields: readonly (readonly [string, string])[]): Buffer {
  const out: number[] = [];
  for (const [name, value] of fields) {
    const exact = FIELD_INDEX.get(`${name}\n${value}`);
    if (exact !== undefined) {
      out.push(...integer(exact, 7, 0x80));
      continue;
    }
    const nameIndex = NAME_INDEX.get(name);
    if (nameIndex !== undefined) out.push(...integer(nameIndex, 4, 0x00));
    else out.push(0x00, ...literal(name));
    out.push(...literal(value));
  }
  return Buffer.from(out);
}
