/**
 * Reads one regular file out of a gzip-compressed tar archive (ustar/GNU/pax headers), enough to
 * take a CLI binary out of a release tarball without a tar dependency or a `tar` process.
 */
import { gunzipSync } from 'node:zlib';

const BLOCK_BYTES = 512;

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
}

function octal(block: Buffer, start: number, length: number): number {
  const text = field(block, start, length).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** `path=…` of a pax extended header, if present. */
function paxPath(data: Buffer): string | null {
  const match = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
  return match?.[1] ?? null;
}

/** Entry names with a leading `./` removed. */
function normalise(name: string): string {
  return name.replace(/^\.\//, '');
}

/** Lists regular-file entries (name → contents) of an uncompressed tar. */
export function readTarEntries(tar: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | null = null;
  while (offset + BLOCK_BYTES <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK_BYTES);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    const dataStart = offset + BLOCK_BYTES;
    const data = tar.subarray(dataStart, dataStart + size);
    longName = null;
    if (type === 'L') longName = field(data, 0, data.length);
    else if (type === 'x') longName = paxPath(data);
    else if (type === '0' || type === '\0') entries.set(normalise(name), Buffer.from(data));
    offset = dataStart + Math.ceil(size / BLOCK_BYTES) * BLOCK_BYTES;
  }
  return entries;
}

/** The contents of `member` in a .tar.gz, or null when the archive has no such file. */
export function extractTarGzMember(archive: Buffer, member: string): Buffer | null {
  return readTarEntries(gunzipSync(archive)).get(normalise(member)) ?? null;
}
