/**
 * The load agent process: reads its AgentSpec (JSON) from $MESHBENCH_AGENT_SPEC, runs one
 * repetition and prints JSON lines — window-start, window-end, then the result as the LAST line.
 * Runs as a child process on the local platform and, bundled, in a Job pod on Kubernetes.
 */
import { isMainThread } from 'node:worker_threads';
import { AGENT_SPEC_ENV, type AgentEvent, type AgentSpec } from '../plan/agent-protocol.ts';
// Loaded in a worker thread of a threaded open loop, the bundle runs that thread instead.
import './open-loop-thread-main.ts';
import { runAgent } from './run-agent.ts';

function emit(event: AgentEvent | { type: 'error'; message: string }): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

async function agentMain(): Promise<number> {
  const raw = process.env[AGENT_SPEC_ENV];
  if (!raw) {
    emit({ type: 'error', message: `${AGENT_SPEC_ENV} is not set` });
    return 2;
  }
  let spec: AgentSpec;
  try {
    spec = JSON.parse(raw) as AgentSpec;
  } catch (err) {
    emit({ type: 'error', message: `${AGENT_SPEC_ENV} is not valid JSON: ${(err as Error).message}` });
    return 2;
  }
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort());
  process.once('SIGINT', () => controller.abort());
  try {
    const result = await runAgent(spec, { signal: controller.signal, onEvent: emit });
    emit({ type: 'result', result });
    return 0;
  } catch (err) {
    emit({ type: 'error', message: (err as Error).message });
    return controller.signal.aborted ? 130 : 1;
  }
}

if (isMainThread) process.exitCode = await agentMain();
