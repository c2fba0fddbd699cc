import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../../src/errors.ts';
import { buildTopology, topologyNamespaces } from '../../../../src/platform/local/netns/namespace-topology.ts';
import { createTopology, listNetns, netnsPids } from '../../../../src/platform/local/netns/netns-commands.ts';
import { readOwnerFile, removeOwnerFile } from '../../../../src/platform/local/netns/netns-owner.ts';
import { FakeToolRunner, type ToolAnswer } from '../../../helpers/fake-tool-runner.ts';

const prefix = `mb-${randomBytes(3).toString('hex')}`;
const topology = buildTopology({ prefix, mode: 'baseline', rangePrefix: '10.213', services: ['order'] });
const wanted = topologyNamespaces(topology);
afterEach(() => removeOwnerFile(prefix));

/** `ip` as far as these commands use it: namespaces come and go in a set. */
function fakeIpAnswer(options: { existing?: string[]; failOn?: (args: string[]) => boolean } = {}): (file: string, args: string[]) => ToolAnswer {
  const namespaces = new Set(options.existing ?? []);
  return (_file, args) => {
    if (options.failOn?.(args)) return { exitCode: 2, stderr: 'RTNETLINK answers: Operation not permitted' };
    if (args[0] === 'netns' && args[1] === 'list') return { stdout: [...namespaces].map((n, i) => `${n} (id: ${i})`).join('\n') };
    if (args[0] === 'netns' && args[1] === 'add') namespaces.add(args[2] ?? '');
    if (args[0] === 'netns' && args[1] === 'delete') namespaces.delete(args[2] ?? '');
    return {};
  };
}

function fakeIp(options: Parameters<typeof fakeIpAnswer>[0] = {}): FakeToolRunner {
  return new FakeToolRunner(fakeIpAnswer(options));
}

describe('listNetns', () => {
  it('reads the names, dropping the ids', async () => {
    expect(await listNetns(new FakeToolRunner(() => ({ stdout: 'mb-0a1b2c-agent (id: 3)\nother\n\n' })))).toEqual(['mb-0a1b2c-agent', 'other']);
  });
});

describe('createTopology', () => {
  it('records its owner, creates every namespace, then wires them; remove() deletes them in reverse, once', async () => {
    const runner = fakeIp();
    const created = await createTopology({ topology, runner });
    expect(created.names).toEqual(wanted);
    expect(readOwnerFile(prefix)?.namespaces).toEqual(wanted);
    const lines = runner.commandLines;
    expect(lines.slice(1, 1 + wanted.length)).toEqual(wanted.map((n) => `ip netns add ${n}`));
    expect(lines.length).toBeGreaterThan(1 + wanted.length);
    runner.calls.length = 0;
    await Promise.all([created.remove(), created.remove()]);
    expect(runner.commandLines).toEqual(['ip netns list', ...wanted.toReversed().map((n) => `ip netns delete ${n}`)]);
    expect(readOwnerFile(prefix)).toBeNull();
  });

  it('refuses names already taken before creating anything', async () => {
    const runner = fakeIp({ existing: [`${prefix}-agent`] });
    const error = (await createTopology({ topology, runner }).catch((e: unknown) => e)) as HarnessError;
    expect(error).toBeInstanceOf(HarnessError);
    expect(error.message).toBe(`network namespace name already taken: ${prefix}-agent`);
    expect(runner.commandLines).toEqual(['ip netns list']);
    expect(readOwnerFile(prefix)).toBeNull();
  });

  it('removes what it created when a step fails', async () => {
    const runner = fakeIp({ failOn: (args) => args.includes('net.ipv4.ip_forward=1') });
    const error = await createTopology({ topology, runner }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    const deletes = runner.commandLines.filter((l) => l.startsWith('ip netns delete'));
    expect(deletes).toEqual(wanted.toReversed().map((n) => `ip netns delete ${n}`));
    expect(readOwnerFile(prefix)).toBeNull();
  });

  it('stops between commands when aborted, and cleans up', async () => {
    const controller = new AbortController();
    const ip = fakeIpAnswer();
    const aborting = new FakeToolRunner((file, args) => {
      if (args[1] === 'add' && args[2] === wanted[1]) controller.abort();
      return ip(file, args);
    });
    const error = (await createTopology({ topology, runner: aborting, signal: controller.signal }).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('INTERRUPTED');
    expect(aborting.commandLines.filter((l) => l.startsWith('ip netns add'))).toHaveLength(2);
    expect(aborting.commandLines.filter((l) => l.startsWith('ip netns delete'))).toEqual([`ip netns delete ${wanted[1]}`, `ip netns delete ${wanted[0]}`]);
  });
});

describe('netnsPids', () => {
  it('reads the pids inside a namespace, none when ip fails', async () => {
    expect(await netnsPids(new FakeToolRunner(() => ({ stdout: '123\n456\n\n' })), 'mb-x-agent')).toEqual([123, 456]);
    expect(await netnsPids(new FakeToolRunner(() => ({ exitCode: 1 })), 'mb-x-agent')).toEqual([]);
  });
});
