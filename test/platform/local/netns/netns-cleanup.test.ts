import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { findNetnsLeftovers, removeNetnsLeftovers } from '../../../../src/platform/local/netns/netns-cleanup.ts';
import { readOwnerFile, removeOwnerFile, writeOwnerFile } from '../../../../src/platform/local/netns/netns-owner.ts';
import { FakeToolRunner } from '../../../helpers/fake-tool-runner.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mine = `mb-${randomBytes(3).toString('hex')}`;
const dead = `mb-${randomBytes(3).toString('hex')}`;
const orphan = `mb-${randomBytes(3).toString('hex')}`;
afterEach(() => {
  for (const p of [mine, dead, orphan]) removeOwnerFile(p);
});

function writeDeadOwner(prefix: string): void {
  mkdirSync(join(tmpdir(), 'meshbench-netns'), { recursive: true });
  writeFileSync(join(tmpdir(), 'meshbench-netns', `${prefix}.json`), JSON.stringify({ pid: 2 ** 22 + 12_345, namespaces: [], createdAt: '2026-12-06T00:00:00Z' }));
}

describe('findNetnsLeftovers', () => {
  it('lists meshbench namespaces whose run is gone or unknown, never a live run\'s or a foreign name', async () => {
    writeOwnerFile(mine, [`${mine}-agent`]);
    writeDeadOwner(dead);
    const runner = new FakeToolRunner(() => ({ stdout: [`${mine}-agent (id: 1)`, `${dead}-order (id: 2)`, `${orphan}-node-client`, 'netns-of-someone-else', 'mb-nothex-x'].join('\n') }));
    expect(await findNetnsLeftovers(runner)).toEqual([
      { netns: `${dead}-order`, prefix: dead, reason: `its run (pid ${2 ** 22 + 12_345}) is gone` },
      { netns: `${orphan}-node-client`, prefix: orphan, reason: 'no run owns it' },
    ]);
  });

  it('finds nothing where ip is missing', async () => {
    expect(await findNetnsLeftovers(new FakeToolRunner(() => new Error('ip not found')))).toEqual([]);
  });
});

describe('removeNetnsLeftovers', () => {
  it('deletes each namespace, reports the ones deleted and removes the owner files', async () => {
    writeDeadOwner(dead);
    const runner = new FakeToolRunner((_file, args) => {
      if (args[1] === 'pids') return { stdout: '' };
      if (args[1] === 'delete' && args[2] === `${dead}-agent`) return { exitCode: 1, stderr: 'busy' };
      return {};
    });
    const deleted = await removeNetnsLeftovers(runner, [
      { netns: `${dead}-order`, prefix: dead, reason: 'x' },
      { netns: `${dead}-agent`, prefix: dead, reason: 'x' },
    ]);
    expect(deleted).toEqual([`${dead}-order`]);
    expect(runner.commandLines).toEqual([`ip netns pids ${dead}-order`, `ip netns delete ${dead}-order`, `ip netns pids ${dead}-agent`, `ip netns delete ${dead}-agent`]);
    expect(readOwnerFile(dead)).toBeNull();
  });
});
