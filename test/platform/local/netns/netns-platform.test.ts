import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../../../src/config/config-files.ts';
import { HarnessError } from '../../../../src/errors.ts';
import { NETNS_NAME_PATTERN } from '../../../../src/platform/local/netns/namespace-topology.ts';
import { chooseAddressRange, newNetnsPrefix, prepareNetnsPlatform } from '../../../../src/platform/local/netns/netns-platform.ts';
import { FakeToolRunner } from '../../../helpers/fake-tool-runner.ts';

const ROOT = join(import.meta.dirname, '../../../..');

describe('newNetnsPrefix', () => {
  it('is mb-<6 hex>, fresh each time, and makes names prune recognises', () => {
    const a = newNetnsPrefix();
    expect(a).toMatch(/^mb-[0-9a-f]{6}$/);
    expect(`${a}-agent`).toMatch(NETNS_NAME_PATTERN);
    expect(new Set(Array.from({ length: 20 }, newNetnsPrefix)).size).toBeGreaterThan(1);
  });
});

describe('chooseAddressRange', () => {
  it('takes the first candidate no host route overlaps', async () => {
    const runner = new FakeToolRunner(() => ({ stdout: 'default via 192.168.1.1 dev eth0\n10.213.0.0/16 dev docker0 proto kernel scope link src 10.213.0.1\n' }));
    expect(await chooseAddressRange(runner)).toBe('10.214');
    expect(runner.commandLines).toEqual(['ip -4 route show table all']);
  });

  it('refuses when every candidate is routed, listing the clashes', async () => {
    const routes = ['10.0.0.0/8 dev a', '172.16.0.0/12 dev b'].join('\n');
    const error = (await chooseAddressRange(new FakeToolRunner(() => ({ stdout: routes }))).catch((e: unknown) => e)) as HarnessError;
    expect(error).toBeInstanceOf(HarnessError);
    expect(error.code).toBe('NOT_READY');
    expect(error.details.length).toBeGreaterThan(0);
  });
});

describe('prepareNetnsPlatform', () => {
  it('refuses a target that is not netns', async () => {
    const error = (await prepareNetnsPlatform({
      target: loadTarget('baseline', ROOT).spec,
      scenario: loadScenario('default', ROOT).spec,
      runId: 'r',
      resultPath: '/r.json',
      workDir: '/w',
      launchers: { orderService: { command: 'x', args: [] }, agent: { command: 'x', args: [] } },
      runner: new FakeToolRunner(),
    }).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('the netns platform got a "none" target');
  });
});
