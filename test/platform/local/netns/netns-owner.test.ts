import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, readOwnerFile, removeOwnerFile, writeOwnerFile } from '../../../../src/platform/local/netns/netns-owner.ts';

const prefix = `mb-${randomBytes(3).toString('hex')}`;
afterEach(() => removeOwnerFile(prefix));

describe('owner files', () => {
  it('records this process and the run\'s namespaces, readable by the owner only, until removed', () => {
    expect(readOwnerFile(prefix)).toBeNull();
    writeOwnerFile(prefix, [`${prefix}-node-client`, `${prefix}-agent`]);
    const owner = readOwnerFile(prefix);
    expect(owner).toEqual({ pid: process.pid, namespaces: [`${prefix}-node-client`, `${prefix}-agent`], createdAt: expect.any(String) });
    expect(Number.isNaN(Date.parse(owner?.createdAt ?? ''))).toBe(false);
    expect(statSync(join(tmpdir(), 'meshbench-netns', `${prefix}.json`)).mode & 0o777).toBe(0o600);
    removeOwnerFile(prefix);
    expect(readOwnerFile(prefix)).toBeNull();
    expect(() => removeOwnerFile(prefix)).not.toThrow();
  });
});

describe('isAlive', () => {
  it('tells a running process from one that does not exist', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(2 ** 22 + 12_345)).toBe(false);
  });
});
