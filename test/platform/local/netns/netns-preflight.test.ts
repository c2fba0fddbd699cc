import { describe, expect, it } from 'vitest';
import { checkNetnsAvailable, netnsPrivilegeProblem } from '../../../../src/platform/local/netns/netns-preflight.ts';
import { HarnessError } from '../../../../src/errors.ts';

const status = (capEff: string) => `Name:\tnode\nCapEff:\t${capEff}\n`;

describe('netns preflight', () => {
  it('needs Linux and CAP_NET_ADMIN', () => {
    expect(netnsPrivilegeProblem({ platform: 'linux', procStatus: status('000001ffffffffff') })).toBeNull();
    expect(netnsPrivilegeProblem({ platform: 'linux', procStatus: status('0000000000001000') })).toBeNull();
    expect(netnsPrivilegeProblem({ platform: 'linux', procStatus: status('0000000000000000') })).toMatch(/root or CAP_NET_ADMIN/);
    expect(netnsPrivilegeProblem({ platform: 'darwin', procStatus: null })).toMatch(/need Linux \(this is darwin\)/);
  });

  it('refuses with exit 2 before running anything when the privilege is missing', async () => {
    const calls: string[] = [];
    const runner = { run: async (file: string) => { calls.push(file); return { command: file, stdout: '', stderr: '', exitCode: 0, durationMs: 0 }; } };
    const err = await checkNetnsAvailable({ runner, host: { platform: 'linux', procStatus: status('0') } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HarnessError);
    expect((err as HarnessError).exitCode).toBe(2);
    expect((err as HarnessError).message).toMatch(/the netns targets cannot run here/);
    expect(calls).toEqual([]);
  });
});
