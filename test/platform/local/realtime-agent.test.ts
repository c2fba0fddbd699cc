import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../src/errors.ts';
import { checkRealtimeAllowed, REALTIME_AGENT_PRIORITY, realtimeLauncher } from '../../../src/platform/local/realtime-agent.ts';
import { FakeToolRunner } from '../../helpers/fake-tool-runner.ts';

describe('realtimeLauncher', () => {
  it('wraps the agent in chrt -f at the agent priority', () => {
    expect(realtimeLauncher({ command: '/usr/bin/node', args: ['agent.mjs'] })).toEqual({ command: 'chrt', args: ['-f', String(REALTIME_AGENT_PRIORITY), '/usr/bin/node', 'agent.mjs'] });
  });
});

describe('checkRealtimeAllowed', () => {
  it('passes when chrt can run a process at that priority', async () => {
    const runner = new FakeToolRunner();
    await checkRealtimeAllowed(runner);
    expect(runner.commandLines).toEqual([`chrt -f ${REALTIME_AGENT_PRIORITY} true`]);
  });

  it('refuses with what to do when the user may not', async () => {
    const runner = new FakeToolRunner(() => ({ exitCode: 1, stderr: 'chrt: failed to set pid 0\'s policy: Operation not permitted\n' }));
    const error = (await checkRealtimeAllowed(runner).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe("--realtime-agent: this user may not run a process at real-time priority (chrt: failed to set pid 0's policy: Operation not permitted)");
    expect(error.hint).toMatch(/CAP_SYS_NICE/);
  });

  it('names the missing chrt', async () => {
    const runner = new FakeToolRunner(() => new HarnessError('TOOL_NOT_FOUND', 'required tool "chrt" was not found on PATH'));
    const error = (await checkRealtimeAllowed(runner).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('TOOL_NOT_FOUND');
    expect(error.message).toBe('--realtime-agent needs chrt, which was not found on PATH');
  });
});
