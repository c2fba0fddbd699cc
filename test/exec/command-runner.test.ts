/**
 * The boundary to external processes, exercised with the shell (a few milliseconds each): how
 * failures become harness errors, and how a long-running process is followed and stopped.
 */
import { describe, expect, it } from 'vitest';
import { describeExit, ExecaCommandRunner, spawnProcess } from '../../src/exec/command-runner.ts';
import { HarnessError } from '../../src/errors.ts';

const runner = new ExecaCommandRunner();

async function failure(promise: Promise<unknown>): Promise<HarnessError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HarnessError);
  return error as HarnessError;
}

describe('ExecaCommandRunner', () => {
  it('returns output without the final newline, the exit code and the printable command', async () => {
    const result = await runner.run('sh', ['-c', 'echo out; echo err >&2'], { env: { PATH: process.env['PATH'] } });
    expect(result).toMatchObject({ command: "sh -c 'echo out; echo err >&2'", stdout: 'out', stderr: 'err', exitCode: 0 });
  });

  it('passes stdin', async () => {
    expect((await runner.run('cat', [], { input: 'manifest' })).stdout).toBe('manifest');
  });

  it('turns a missing binary into TOOL_NOT_FOUND with its install hint', async () => {
    const error = await failure(runner.run('kind-not-installed-here', ['version']));
    expect(error.code).toBe('TOOL_NOT_FOUND');
    expect(error.message).toBe('required tool "kind-not-installed-here" was not found on PATH');
    expect(error.hint).toBe('install kind-not-installed-here and make sure it is on PATH');
  });

  it('turns a non-zero exit into COMMAND_FAILED with the command and the tail of stderr', async () => {
    const error = await failure(runner.run('sh', ['-c', 'echo progress; echo boom >&2; exit 3'], { hint: 'check the cluster' }));
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toBe("`sh -c 'echo progress; echo boom >&2; exit 3'` exited with code 3");
    expect(error.details).toEqual(["command: sh -c 'echo progress; echo boom >&2; exit 3'", 'boom']);
    expect(error.hint).toBe('check the cluster');
  });

  it('falls back to stdout when stderr is empty', async () => {
    const error = await failure(runner.run('sh', ['-c', 'echo only-out; exit 1']));
    expect(error.details).toEqual(["command: sh -c 'echo only-out; exit 1'", 'only-out']);
  });

  it('returns a failed result when failure is allowed', async () => {
    expect(await runner.run('sh', ['-c', 'exit 7'], { allowFailure: true })).toMatchObject({ exitCode: 7 });
  });

  it('reports a timeout as NOT_READY and a cancel as INTERRUPTED', async () => {
    const timedOut = await failure(runner.run('sleep', ['10'], { timeoutMs: 50 }));
    expect(timedOut.code).toBe('NOT_READY');
    expect(timedOut.message).toMatch(/^`sleep 10` timed out after \d+ ms$/);
    const cancelled = await failure(runner.run('sleep', ['10'], { signal: AbortSignal.abort() }));
    expect(cancelled.code).toBe('INTERRUPTED');
  });
});

describe('describeExit', () => {
  it('says how a process ended', () => {
    expect(describeExit({ exitCode: 1, signal: null })).toBe('exited with code 1');
    expect(describeExit({ exitCode: null, signal: 'SIGKILL' })).toBe('was killed by SIGKILL');
    expect(describeExit({ exitCode: null, signal: null })).toBe('exited with code unknown');
  });
});

describe('spawnProcess', () => {
  it('streams lines as they come and keeps the tail of both streams', async () => {
    const lines: string[] = [];
    const child = spawnProcess('sh', ['-c', 'echo one; echo two >&2; printf three'], { onStdoutLine: (l) => lines.push(l), dieWithParent: false });
    const result = await child.exited;
    expect(lines).toEqual(['one', 'three']);
    expect(result).toMatchObject({ stdout: 'one\nthree', stderr: 'two', exitCode: 0 });
    expect(child.outputTail().sort()).toEqual(['one', 'three', 'two']);
    expect(child.exit).toEqual({ exitCode: 0, signal: null });
  });

  it('rejects with COMMAND_FAILED carrying the output when the process fails on its own', async () => {
    const child = spawnProcess('sh', ['-c', 'echo dying >&2; exit 4'], { dieWithParent: false });
    const error = await failure(child.exited);
    expect(error.message).toBe("`sh -c 'echo dying >&2; exit 4'` exited with code 4");
    expect(error.details).toContain('dying');
    expect(child.exit).toEqual({ exitCode: 4, signal: null });
    expect(child.stopRequested).toBe(false);
  });

  it('stops a running process with SIGTERM; its exit is then expected, not an error', async () => {
    const child = spawnProcess('sleep', ['30'], { dieWithParent: false });
    expect(child.pid).toBeGreaterThan(0);
    expect(child.exit).toBeNull();
    await child.stop(2_000);
    expect(child.stopRequested).toBe(true);
    expect(child.exit).toEqual({ exitCode: null, signal: 'SIGTERM' });
    await expect(child.exited).resolves.toMatchObject({ command: 'sleep 30' });
  });
});
