/**
 * The agent program, run in process: its spec comes from the environment, it prints JSON lines
 * (window events, then the result or the error LAST) and sets its exit code. The repetition itself
 * (run-agent.ts) is replaced by a recorder; the bundled agent measuring for real is covered by
 * test/workload/workload-bundle.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AGENT_SPEC_ENV, type AgentEvent, type AgentSpec } from '../../src/plan/agent-protocol.ts';

const runAgent = vi.hoisted(() => vi.fn());
vi.mock('../../src/load/run-agent.ts', () => ({ runAgent }));

const spec = { targetUrl: 'http://127.0.0.1:9', rps: 10, agentIndex: 3 } as unknown as AgentSpec;

/** Imports the program (it runs at once) with `raw` in the environment; its output lines and exit code. */
async function runMain(raw: string | undefined): Promise<{ exitCode: number | undefined; lines: unknown[] }> {
  const written: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  if (raw === undefined) delete process.env[AGENT_SPEC_ENV];
  else process.env[AGENT_SPEC_ENV] = raw;
  try {
    vi.resetModules();
    await import('../../src/load/agent-main.ts');
  } finally {
    write.mockRestore();
    delete process.env[AGENT_SPEC_ENV];
  }
  const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  process.exitCode = 0;
  return { exitCode, lines: written.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown) };
}

beforeEach(() => {
  runAgent.mockReset();
});
afterEach(() => {
  process.exitCode = 0;
});

describe('agent-main', () => {
  it('exits 2 with an error line when the spec is missing or not JSON', async () => {
    expect(await runMain(undefined)).toEqual({ exitCode: 2, lines: [{ type: 'error', message: `${AGENT_SPEC_ENV} is not set` }] });
    const broken = await runMain('{not json');
    expect(broken.exitCode).toBe(2);
    expect(broken.lines).toEqual([{ type: 'error', message: expect.stringMatching(new RegExp(`^${AGENT_SPEC_ENV} is not valid JSON: `)) }]);
    expect(runAgent).not.toHaveBeenCalled();
  });

  it('prints the window events as they come and the result last, exiting 0', async () => {
    runAgent.mockImplementation(async (_spec: AgentSpec, hooks: { onEvent: (e: AgentEvent) => void; signal: AbortSignal }) => {
      hooks.onEvent({ type: 'window-start', timeMs: 1, agentIndex: 3 });
      hooks.onEvent({ type: 'window-end', timeMs: 2, agentIndex: 3 });
      expect(hooks.signal.aborted).toBe(false);
      return { agentIndex: 3, completed: 5 };
    });
    const { exitCode, lines } = await runMain(JSON.stringify(spec));
    expect(runAgent).toHaveBeenCalledWith(spec, expect.objectContaining({ onEvent: expect.any(Function) }));
    expect(exitCode).toBe(0);
    expect(lines).toEqual([
      { type: 'window-start', timeMs: 1, agentIndex: 3 },
      { type: 'window-end', timeMs: 2, agentIndex: 3 },
      { type: 'result', result: { agentIndex: 3, completed: 5 } },
    ]);
  });

  it('exits 1 with the failure as its last line', async () => {
    runAgent.mockRejectedValue(new Error('rate must be positive, got 0'));
    const { exitCode, lines } = await runMain(JSON.stringify(spec));
    expect(exitCode).toBe(1);
    expect(lines.at(-1)).toEqual({ type: 'error', message: 'rate must be positive, got 0' });
  });
});
