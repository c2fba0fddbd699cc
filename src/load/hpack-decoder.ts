/**
 * An HPACK decoder (RFC 7541) for the responses of the HTTP/2 engine: indexed fields, literals
 * with and without indexing (and never indexed), the dynamic table with its eviction and size
 * updates, Huffman-coded strings (hpack-huffman.ts). One decoder per connection: the server's
 * encoder and this table must stay in step, so every header block of the connection is decoded,
 * even for streams the client has given up on. docs/engine.md (HTTP/2 engine) has the sources.
 *
 * Cost: indexed fields (most of a repeated response) allocate nothing; a literal not inserted in
 * the table whose name is not one the caller wants is skipped without building its value.
 */
import { decodeHuffman } from './hpack-huffman.ts';

/** The static table (RFC 7541 Appendix A): index 1–61, [name, value]. */
export const STATIC_TABLE: readonly (readonly [string, string])[] = [
  [':authority', ''],
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'],
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''],
  ['accept-ranges', ''],
  ['accept', ''],
  ['access-control-allow-origin', ''],
  ['age', ''],
  ['allow', ''],
  ['authorization', ''],
  ['cache-control', ''],
  ['content-disposition', ''],
  ['content-encoding', ''],
  ['content-language', ''],
  ['content-length', ''],
  ['content-location', ''],
  ['content-range', ''],
  ['content-type', ''],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['expect', ''],
  ['expires', ''],
  ['from', ''],
  ['host', ''],
  ['if-match', ''],
  ['if-modified-since', ''],
  ['if-none-match', ''],
  ['if-range', ''],
  ['if-unmodified-since', ''],
  ['last-modified', ''],
  ['link', ''],
  ['location', ''],
  ['max-forwards', ''],
  ['proxy-authenticate', ''],
  ['proxy-authorization', ''],
  ['range', ''],
  ['referer', ''],
  ['refresh', ''],
  ['retry-after', ''],
  ['server', ''],
  ['set-cookie', ''],
  ['strict-transport-security', ''],
  ['transfer-encoding', ''],
  ['user-agent', ''],
  ['vary', ''],
  ['via', ''],
  ['www-authenticate', ''],
];
const STATIC_COUNT = STATIC_TABLE.length;

/** RFC 7541 §4.1: an entry's size is its name and value octets plus 32. */
const ENTRY_OVERHEAD = 32;
/** The default SETTINGS_HEADER_TABLE_SIZE (RFC 9113 §6.5.2); the client never announces another. */
export const DEFAULT_HEADER_TABLE_SIZE = 4_096;

/** Receives the decoded fields of a header block, in order. */
export interface HeaderSink {
  onHeader(name: string, value: string): void;
}

export class HpackDecoder {
  /** Dynamic table, oldest first from `first`; the newest entry is dynamic index 1 (HPACK index 62). */
  private names: string[] = [];
  private values: string[] = [];
  private first = 0;
  private size = 0;
  private maxSize: number;
  /** Position after the last integer or string read. */
  private at = 0;
  private text = '';

  /**
   * @param limit the most the encoder may set the table to (our SETTINGS_HEADER_TABLE_SIZE)
   * @param wanted names whose literals not put in the table must be decoded; others are skipped. Default: all.
   */
  constructor(
    private readonly limit = DEFAULT_HEADER_TABLE_SIZE,
    private readonly wanted: ReadonlySet<string> | null = null,
  ) {
    this.maxSize = limit;
  }

  /** Octets held by the dynamic table (RFC 7541 §4.1). */
  get tableSize(): number {
    return this.size;
  }

  /** The dynamic table, newest first (for tests). */
  get entries(): [string, string][] {
    const out: [string, string][] = [];
    for (let i = this.names.length - 1; i >= this.first; i--) out.push([this.names[i] as string, this.values[i] as string]);
    return out;
  }

  /** Decodes one complete header block. False on a decoding error (a COMPRESSION_ERROR of the connection). */
  decode(block: Uint8Array, start: number, end: number, sink: HeaderSink): boolean {
    let p = start;
    let fieldsSeen = false;
    while (p < end) {
      const b = block[p] as number;
      if (b & 0x80) {
        // Indexed field (§6.1).
        if (!this.readInt(block, p, end, 7)) return false;
        p = this.at;
        const index = this.intValue;
        if (index === 0) return false;
        if (index <= STATIC_COUNT) {
          const entry = STATIC_TABLE[index - 1] as readonly [string, string];
          sink.onHeader(entry[0], entry[1]);
        } else {
          const at = this.dynamicPosition(index);
          if (at < 0) return false;
          sink.onHeader(this.names[at] as string, this.values[at] as string);
        }
        fieldsSeen = true;
      } else if ((b & 0xe0) === 0x20) {
        // Dynamic table size update (§6.3): only before the first field of a block (§4.2).
        if (fieldsSeen) return false;
        if (!this.readInt(block, p, end, 5)) return false;
        p = this.at;
        if (this.intValue > this.limit) return false;
        this.maxSize = this.intValue;
        this.evictTo(this.maxSize);
      } else {
        // Literal (§6.2): with incremental indexing (01), without indexing (0000) or never indexed (0001).
        const indexing = (b & 0xc0) === 0x40;
        if (!this.readInt(block, p, end, indexing ? 6 : 4)) return false;
        p = this.at;
        let name: string;
        if (this.intValue === 0) {
          if (!this.readString(block, p, end, true)) return false;
          p = this.at;
          name = this.text;
        } else {
          const n = this.nameAt(this.intValue);
          if (n === null) return false;
          name = n;
        }
        const decodeValue = indexing || this.wanted === null || this.wanted.has(name);
        if (!this.readString(block, p, end, decodeValue)) return false;
        p = this.at;
        if (decodeValue) {
          const value = this.text;
          if (indexing) this.insert(name, value);
          sink.onHeader(name, value);
        }
        fieldsSeen = true;
      }
    }
    return true;
  }

  private intValue = 0;

  /** Reads an integer with an N-bit prefix at `p` (§5.1) into intValue, and its end into `at`. */
  private readInt(block: Uint8Array, p: number, end: number, prefixBits: number): boolean {
    const max = (1 << prefixBits) - 1;
    let value = (block[p] as number) & max;
    p++;
    if (value === max) {
      let factor = 1;
      for (;;) {
        if (p >= end) return false;
        const b = block[p++] as number;
        value += (b & 0x7f) * factor;
        factor *= 128;
        // Nothing here is larger than 2^31 (lengths, indices, table sizes): refuse runaway integers.
        if (value > 0x7fffffff) return false;
        if ((b & 0x80) === 0) break;
      }
    }
    this.intValue = value;
    this.at = p;
    return true;
  }

  /** Reads a string literal (§5.2) at `p` into `text` (when `build`), and its end into `at`. */
  private readString(block: Uint8Array, p: number, end: number, build: boolean): boolean {
    if (p >= end) return false;
    const huffman = ((block[p] as number) & 0x80) !== 0;
    if (!this.readInt(block, p, end, 7)) return false;
    const from = this.at;
    const to = from + this.intValue;
    if (to > end) return false;
    this.at = to;
    if (!build) return huffman ? decodeHuffman(block, from, to) !== null : true;
    if (huffman) {
      const decoded = decodeHuffman(block, from, to);
      if (decoded === null) return false;
      this.text = decoded;
    } else this.text = Buffer.from(block.buffer, block.byteOffset + from, to - from).toString('latin1');
    return true;
  }

  /** Array position of HPACK index `index` (> 61) in the dynamic table, or -1. */
  private dynamicPosition(index: number): number {
    const at = this.names.length - (index - STATIC_COUNT);
    return at >= this.first ? at : -1;
  }

  private nameAt(index: number): string | null {
    if (index <= STATIC_COUNT) return (STATIC_TABLE[index - 1] as readonly [string, string])[0];
    const at = this.dynamicPosition(index);
    return at < 0 ? null : (this.names[at] as string);
  }

  /** §4.4: evict until the new entry fits; an entry larger than the table empties it and is not added. */
  private insert(name: string, value: string): void {
    const entrySize = name.length + value.length + ENTRY_OVERHEAD;
    if (entrySize > this.maxSize) {
      this.evictTo(0);
      return;
    }
    this.evictTo(this.maxSize - entrySize);
    this.names.push(name);
    this.values.push(value);
    this.size += entrySize;
  }

  private evictTo(size: number): void {
    while (this.size > size && this.first < this.names.length) {
      this.size -= (this.names[this.first] as string).length + (this.values[this.first] as string).length + ENTRY_OVERHEAD;
      this.first++;
    }
    if (this.first > 64 && this.first * 2 > this.names.length) {
      this.names = this.names.slice(this.first);
      this.values = this.values.slice(this.first);
      this.first = 0;
    }
  }
}
