import { describe, expect, it } from 'vitest';
import { HpackDecoder } from '../../src/load/hpack-decoder.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Decodes a block; the fields, or null on a decoding error. */
function run(decoder: HpackDecoder, block: string): [string, string][] | null {
  const fields: [string, string][] = [];
  const bytes = hex(block);
  return decoder.decode(bytes, 0, bytes.length, { onHeader: (n, v) => fields.push([n, v]) }) ? fields : null;
}

// RFC 7541 Appendix C: header blocks, the header lists they decode to, and the dynamic table after.
const C3 = [
  '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
  '8286 84be 5808 6e6f 2d63 6163 6865',
  '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
];
const C4 = ['8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff', '8286 84be 5886 a8eb 1064 9cbf', '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf'];
const REQUESTS: [string, string][][] = [
  [
    [':method', 'GET'],
    [':scheme', 'http'],
    [':path', '/'],
    [':authority', 'www.example.com'],
  ],
  [
    [':method', 'GET'],
    [':scheme', 'http'],
    [':path', '/'],
    [':authority', 'www.example.com'],
    ['cache-control', 'no-cache'],
  ],
  [
    [':method', 'GET'],
    [':scheme', 'https'],
    [':path', '/index.html'],
    [':authority', 'www.example.com'],
    ['custom-key', 'custom-value'],
  ],
];
const REQUEST_TABLES: { size: number; entries: [string, string][] }[] = [
  { size: 57, entries: [[':authority', 'www.example.com']] },
  {
    size: 110,
    entries: [
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ],
  },
  {
    size: 164,
    entries: [
      ['custom-key', 'custom-value'],
      ['cache-control', 'no-cache'],
      [':authority', 'www.example.com'],
    ],
  },
];

const C5 = [
  '4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
  '4803 3330 37c1 c0bf',
  '88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31',
];
const C6 = [
  '4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3',
  '4883 640e ffc1 c0bf',
  '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
];
const DATE1 = 'Mon, 21 Oct 2013 20:13:21 GMT';
const DATE2 = 'Mon, 21 Oct 2013 20:13:22 GMT';
const COOKIE = 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1';
const RESPONSES: [string, string][][] = [
  [
    [':status', '302'],
    ['cache-control', 'private'],
    ['date', DATE1],
    ['location', 'https://www.example.com'],
  ],
  [
    [':status', '307'],
    ['cache-control', 'private'],
    ['date', DATE1],
    ['location', 'https://www.example.com'],
  ],
  [
    [':status', '200'],
    ['cache-control', 'private'],
    ['date', DATE2],
    ['location', 'https://www.example.com'],
    ['content-encoding', 'gzip'],
    ['set-cookie', COOKIE],
  ],
];
const RESPONSE_TABLES: { size: number; entries: [string, string][] }[] = [
  {
    size: 222,
    entries: [
      ['location', 'https://www.example.com'],
      ['date', DATE1],
      ['cache-control', 'private'],
      [':status', '302'],
    ],
  },
  {
    size: 222,
    entries: [
      [':status', '307'],
      ['location', 'https://www.example.com'],
      ['date', DATE1],
      ['cache-control', 'private'],
    ],
  },
  {
    size: 215,
    entries: [
      ['set-cookie', COOKIE],
      ['content-encoding', 'gzip'],
      ['date', DATE2],
    ],
  },
];

describe('HPACK decoder (RFC 7541 Appendix C)', () => {
  it('C.2: literal with indexing, without indexing, never indexed, indexed', () => {
    const d = new HpackDecoder();
    expect(run(d, '400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572')).toEqual([['custom-key', 'custom-header']]);
    expect(d.tableSize).toBe(55);
    const e = new HpackDecoder();
    expect(run(e, '040c 2f73 616d 706c 652f 7061 7468')).toEqual([[':path', '/sample/path']]);
    expect(e.tableSize).toBe(0);
    expect(run(e, '1008 7061 7373 776f 7264 0673 6563 7265 74')).toEqual([['password', 'secret']]);
    expect(e.tableSize).toBe(0);
    expect(run(e, '82')).toEqual([[':method', 'GET']]);
  });

  for (const [name, blocks] of [
    ['C.3 (no Huffman)', C3],
    ['C.4 (Huffman)', C4],
  ] as const) {
    it(`${name}: three requests on one connection`, () => {
      const d = new HpackDecoder();
      blocks.forEach((block, i) => {
        expect(run(d, block)).toEqual(REQUESTS[i]);
        expect(d.tableSize).toBe(REQUEST_TABLES[i]?.size);
        expect(d.entries).toEqual(REQUEST_TABLES[i]?.entries);
      });
    });
  }

  for (const [name, blocks] of [
    ['C.5 (no Huffman)', C5],
    ['C.6 (Huffman)', C6],
  ] as const) {
    it(`${name}: three responses with a 256-octet table, evicting`, () => {
      const d = new HpackDecoder(256);
      blocks.forEach((block, i) => {
        expect(run(d, block)).toEqual(RESPONSES[i]);
        expect(d.tableSize).toBe(RESPONSE_TABLES[i]?.size);
        expect(d.entries).toEqual(RESPONSE_TABLES[i]?.entries);
      });
    });
  }
});

describe('HPACK decoder, the edges', () => {
  it('applies dynamic table size updates at the start of a block, up to the limit', () => {
    const d = new HpackDecoder();
    run(d, C3[0] as string);
    expect(d.tableSize).toBe(57);
    expect(run(d, '20')).toEqual([]); // size 0: everything evicted
    expect(d.tableSize).toBe(0);
    expect(run(d, '3fe1 1f 82')).toEqual([[':method', 'GET']]); // back to 4,096
    expect(run(d, '3fe2 1f')).toBeNull(); // 4,097 > SETTINGS_HEADER_TABLE_SIZE
    expect(run(d, '82 20')).toBeNull(); // an update after a field (§4.2)
  });

  it('an entry larger than the table empties it and is not added (§4.4)', () => {
    const d = new HpackDecoder(64);
    run(d, C3[0] as string);
    expect(d.tableSize).toBe(57);
    expect(run(d, '400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572')).toEqual([['custom-key', 'custom-header']]);
    expect(d.tableSize).toBe(55);
    expect(d.entries).toEqual([['custom-key', 'custom-header']]);
    const long = Buffer.from('x'.repeat(40)).toString('hex');
    expect(run(d, `4028 ${long} 01 78`)).toEqual([['x'.repeat(40), 'x']]);
    expect(d.tableSize).toBe(0);
  });

  it('refuses index 0, an index past the table, truncated integers and strings, bad Huffman', () => {
    const d = new HpackDecoder();
    expect(run(d, '80')).toBeNull();
    expect(run(d, 'be')).toBeNull(); // dynamic index 1 of an empty table
    expect(run(d, 'ff')).toBeNull(); // integer continues past the end
    expect(run(d, 'ff ff ff ff ff ff 7f')).toBeNull(); // integer past 2^31
    expect(run(d, '04 0c 2f73')).toBeNull(); // string shorter than its length
    expect(run(d, '04 81 ff')).toBeNull(); // Huffman padding of 8 bits
    expect(run(d, '04')).toBeNull(); // no value at all
  });

  it('skips the values of literals not indexed whose names are not wanted, and still follows the table', () => {
    const d = new HpackDecoder(undefined, new Set([':status']));
    // server: secret (without indexing), then :status 200 indexed, then a custom literal with indexing.
    expect(run(d, '0f27 06 736563726574 88 400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572 be')).toEqual([
      [':status', '200'],
      ['custom-key', 'custom-header'],
      ['custom-key', 'custom-header'],
    ]);
  });
});
