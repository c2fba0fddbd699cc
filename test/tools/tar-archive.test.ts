import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extractTarGzMember, readTarEntries } from '../../src/tools/tar-archive.ts';
import { buildTarGz } from '../helpers/release-server.ts';

describe('tar.gz member extraction', () => {
  it('finds a member by path, with or without ./', () => {
    const archive = buildTarGz({ './istioctl': '#!/bin/sh\necho 1.30.3\n', 'linux-amd64/helm': 'helm-binary', 'linux-amd64/LICENSE': 'Apache' });
    expect(extractTarGzMember(archive, 'istioctl')?.toString()).toBe('#!/bin/sh\necho 1.30.3\n');
    expect(extractTarGzMember(archive, 'linux-amd64/helm')?.toString()).toBe('helm-binary');
    expect(extractTarGzMember(archive, 'cilium')).toBeNull();
  });

  it('handles GNU long names and data spanning several blocks', () => {
    const long = `${'d'.repeat(120)}/cilium`;
    const big = Buffer.alloc(1500, 7);
    const gnu = Buffer.concat([
      tarHeader('././@LongLink', long.length + 1, 'L'),
      pad(Buffer.from(`${long}\0`)),
      tarHeader('short-name', big.length, '0'),
      pad(big),
      Buffer.alloc(1024),
    ]);
    const entries = readTarEntries(gnu);
    expect(entries.get(long)?.length).toBe(1500);
    expect(extractTarGzMember(gzipSync(gnu), long)?.equals(big)).toBe(true);
  });
});

function pad(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

function tarHeader(name: string, size: number, type: string): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100);
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12);
  block.write(type, 156, 1);
  return block;
}
