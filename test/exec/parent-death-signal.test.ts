/**
 * Children that die with the harness: programs on PATH are started under
 * `setpriv --pdeathsig KILL` where setpriv exists (util-linux, Linux); a program that is not on
 * PATH is left unwrapped so its absence still reads as ENOENT (TOOL_NOT_FOUND), not as setpriv's
 * own failure. The kernel side (children gone after SIGKILL of the harness) is exercised for real
 * in test/e2e/local-faults.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { spawnProcess } from '../../src/exec/command-runner.ts';
import { findSetpriv, withParentDeathSignal } from '../../src/exec/parent-death-signal.ts';

describe('withParentDeathSignal', () => {
  it('wraps a program on PATH in setpriv --pdeathsig KILL (setpriv is on this Linux machine)', () => {
    const setpriv = findSetpriv();
    expect(setpriv).toMatch(/\/setpriv$/);
    expect(withParentDeathSignal('sleep', ['1'])).toEqual({ file: setpriv, args: ['--pdeathsig', 'KILL', '--', 'sleep', '1'] });
    expect(withParentDeathSignal(process.execPath, ['x.mjs'])).toEqual({ file: setpriv, args: ['--pdeathsig', 'KILL', '--', process.execPath, 'x.mjs'] });
  });

  it('leaves a missing program unwrapped: still TOOL_NOT_FOUND', async () => {
    expect(withParentDeathSignal('no-such-tool-xyz', ['-v'])).toEqual({ file: 'no-such-tool-xyz', args: ['-v'] });
    const proc = spawnProcess('no-such-tool-xyz', ['-v']);
    const error = await proc.exited.catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('TOOL_NOT_FOUND');
  });

  it('the process keeps its pid through the exec of setpriv, reports how it ended and keeps a bounded output tail', async () => {
    const proc = spawnProcess(process.execPath, ['-e', 'for (let i = 0; i < 80; i++) console.log("line " + i); console.error("bye"); process.exit(3)']);
    await proc.exited.catch(() => undefined);
    expect(proc.exit).toEqual({ exitCode: 3, signal: null });
    expect(proc.stopRequested).toBe(false);
    expect(proc.outputTail(3)).toEqual(['line 78', 'line 79', 'bye']);
    expect(proc.outputTail(1000)).toHaveLength(50);

    const sleeper = spawnProcess('sleep', ['30']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readFileSync(`/proc/${sleeper.pid}/comm`, 'utf8').trim()).toBe('sleep');
    process.kill(sleeper.pid, 'SIGKILL');
    await sleeper.exited.catch(() => undefined);
    expect(proc.exit?.signal ?? null).toBeNull();
    expect(sleeper.exit).toEqual({ exitCode: null, signal: 'SIGKILL' });
  });
});
