import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { describeEnvironment, harnessGitSha } from '../../src/pipeline/environment.ts';
import type { CommandResult, CommandRunner } from '../../src/exec/command-runner.ts';
import { RecordingRunner } from '../helpers/recording-runner.ts';

describe('describeEnvironment', () => {
  it('records this machine and the tool versions, node included', async () => {
    const env = await describeEnvironment({ runner: new RecordingRunner([]), tools: { kind: 'v0.31.0' } });
    expect(env.cores).toBe(Math.max(1, cpus().length));
    expect(env.memoryBytes).toBeGreaterThan(0);
    expect(env.tools).toEqual({ node: process.version, kind: 'v0.31.0' });
    expect(env.os).toBe('Linux');
  });
});

describe('harnessGitSha', () => {
  it('the short commit of the checkout, asked of git in the package root', async () => {
    const runner = new RecordingRunner([{ match: ['git'], stdout: '0123456789ab\n' }]);
    expect(await harnessGitSha(runner)).toBe('0123456789ab');
    expect(runner.calls[0]?.args).toEqual(expect.arrayContaining(['rev-parse', '--short=12', 'HEAD']));
  });

  it('null outside a checkout or without git', async () => {
    expect(await harnessGitSha(new RecordingRunner([{ match: ['git'], exitCode: 128, stderr: 'not a git repository' }]))).toBeNull();
    const throwing: CommandRunner = { run: (): Promise<CommandResult> => Promise.reject(new Error('ENOENT')) };
    expect(await harnessGitSha(throwing)).toBeNull();
  });
});
