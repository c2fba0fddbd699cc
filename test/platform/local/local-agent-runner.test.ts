/**
 * Agents as child processes: small `node -e` stand-ins for the agent print its protocol lines, so
 * what is tested is the runner (events forwarded live, the result taken from the last line, how a
 * failing agent is reported), not the load engine.
 */
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../src/errors.ts';
import type { AgentEvent, AgentSpec } from '../../../src/plan/agent-protocol.ts';
import { createLocalAgentRunner } from '../../../src/platform/local/local-agent-runner.ts';

const spec = (agentIndex: number): AgentSpec => ({
  targetUrl: 'http://127.0.0.1:9',
  rps: 10,
  engine: 'open',
  arrival: 'uniform',
  connections: 1,
  warmupMs: 0,
  durationMs: 10,
  timeoutMs: 100,
  maxQueuedRequests: 1,
  requests: [],
  seedOrders: 1,
  seed: 1,
  agentIndex,
  startAtMs: 0,
});

/** An agent that reads its spec and prints window events and a result carrying its index. */
const GOOD = `
const spec = JSON.parse(process.env.MESHBENCH_AGENT_SPEC);
const line = (o) => console.log(JSON.stringify(o));
console.log('starting');
line({ type: 'window-start', timeMs: 1000, agentIndex: spec.agentIndex });
line({ type: 'window-end', timeMs: 2000, agentIndex: spec.agentIndex });
line({ type: 'result', result: { agentIndex: spec.agentIndex, completed: 10 + spec.agentIndex } });
`;

const launcher = (script: string) => ({ command: process.execPath, args: ['-e', script] });

describe('createLocalAgentRunner', () => {
  it('runs one process per agent, forwards window events and returns each agent\'s result', async () => {
    const events: AgentEvent[] = [];
    const components: string[] = [];
    const runner = createLocalAgentRunner(launcher(GOOD), (component) => components.push(component));
    const results = await runner.runRepetition({ specs: [spec(0), spec(1)], onEvent: (e) => events.push(e) });
    expect(results).toEqual([
      { agentIndex: 0, completed: 10 },
      { agentIndex: 1, completed: 11 },
    ]);
    expect(components.sort()).toEqual(['load agent 0', 'load agent 1']);
    expect(events.filter((e) => e.type === 'window-start').map((e) => (e.type === 'window-start' ? e.agentIndex : -1)).sort()).toEqual([0, 1]);
    expect(events).toHaveLength(4);
  });

  it('reports an agent that exits with an error line, with its exit and last output', async () => {
    const runner = createLocalAgentRunner(launcher(`console.log(JSON.stringify({ type: 'error', message: 'rate must be positive, got 0' })); process.exit(1)`));
    const error = (await runner.runRepetition({ specs: [spec(0)] }).catch((e: unknown) => e)) as HarnessError;
    expect(error).toBeInstanceOf(HarnessError);
    expect(error.message).toMatch(/^load agent 0 \(pid \d+\) exited with code 1: rate must be positive, got 0$/);
    expect(error.details[0]).toBe('last output of load agent 0:');
  });

  it('reports an agent that ends without a result', async () => {
    const runner = createLocalAgentRunner(launcher('console.log("nothing to say")'));
    const error = (await runner.runRepetition({ specs: [spec(0)] }).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toBe('load agent 0 printed no result');
  });

  it('is interrupted when the signal aborts', async () => {
    const controller = new AbortController();
    const runner = createLocalAgentRunner(launcher('setTimeout(() => {}, 30000)'));
    const running = runner.runRepetition({ specs: [spec(0)], signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(((await running) as HarnessError).code).toBe('INTERRUPTED');
  });
});
