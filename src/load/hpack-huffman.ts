/**
 * The Huffman code of HPACK (RFC 7541 §5.2, Appendix B): decoding of Huffman-coded header
 * strings. The code is canonical (codes of equal length are consecutive, shorter codes first, by
 * symbol), so it is fully given by the code length of each of the 257 symbols (256 octets and
 * EOS); the codes are derived from those lengths below, and the tests check them against
 * Appendix B and the Appendix C examples. docs/engine.md (HTTP/2 engine) has the sources.
 */

/** Code length in bits of symbols 0–255 and of EOS (256), RFC 7541 Appendix B. */
const CODE_LENGTHS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
  28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
  5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
  7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
  6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
  24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
  21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
  19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
  26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,
];

const EOS = 256;

/** The canonical code of every symbol (as in Appendix B's "code as hex" column). */
export function huffmanCodes(): { code: number; bits: number }[] {
  const order = CODE_LENGTHS.map((bits, symbol) => ({ bits, symbol })).sort((a, b) => a.bits - b.bits || a.symbol - b.symbol);
  const out: { code: number; bits: number }[] = new Array(CODE_LENGTHS.length);
  let code = 0;
  let previousBits = (order[0] as { bits: number }).bits;
  order.forEach(({ bits, symbol }, k) => {
    if (k > 0) code = (code + 1) * 2 ** (bits - previousBits);
    previousBits = bits;
    out[symbol] = { code, bits };
  });
  return out;
}

/**
 * The decoding tree: node n's children are at [2n] (bit 0) and [2n + 1] (bit 1); a positive value
 * is the next node, a negative one -(symbol + 1) a leaf, 0 no child (cannot happen: the code is
 * complete, every bit string is a prefix of a code).
 */
const TREE = (() => {
  const children = new Int32Array(2 * CODE_LENGTHS.length);
  let nodes = 1;
  huffmanCodes().forEach(({ code, bits }, symbol) => {
    let node = 0;
    for (let i = bits - 1; i >= 0; i--) {
      const slot = 2 * node + (Math.floor(code / 2 ** i) % 2);
      if (i === 0) children[slot] = -(symbol + 1);
      else {
        if (children[slot] === 0) children[slot] = nodes++;
        node = children[slot] as number;
      }
    }
  });
  return children;
})();

/**
 * Decodes a Huffman-coded string (latin1 octets). Null when it is not valid HPACK: EOS inside the
 * string, or padding longer than 7 bits or not made of 1s (RFC 7541 §5.2).
 */
export function decodeHuffman(bytes: Uint8Array, start: number, end: number): string | null {
  let out = '';
  let node = 0;
  /** Bits read since the last symbol, and whether they were all 1s (the padding must be EOS's prefix). */
  let pendingBits = 0;
  let allOnes = true;
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    for (let shift = 7; shift >= 0; shift--) {
      const bit = (byte >> shift) & 1;
      const next = TREE[2 * node + bit] as number;
      pendingBits++;
      if (bit === 0) allOnes = false;
      if (next < 0) {
        const symbol = -next - 1;
        if (symbol === EOS) return null;
        out += String.fromCharCode(symbol);
        node = 0;
        pendingBits = 0;
        allOnes = true;
      } else node = next;
    }
  }
  return pendingBits <= 7 && allOnes ? out : null;
}
