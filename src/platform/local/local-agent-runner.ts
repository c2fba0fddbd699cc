/**
 * Runs the load agents as child processes (one per agent), separate from the harness so the
 * generator's CPU and event loop are its own. Window events are forwarded live (the meter samples
 * on them); the result is the agent's last JSON line.
 */
import { HarnessError, interruptedError } from '../../errors.ts';
import { AGENT_SPEC_ENV, type AgentEvent, type AgentResult, type AgentSpec } from '../../plan/agent-protocol.ts';
import type { AgentRunner, AgentRunOptions } from '../measurement-backend.ts';
import { describeExit, spawnProcess, type SpawnedProcess } from '../../exec/command-runner.ts';
import type { ProgramLauncher } from './local-service-chain.ts';

function parseAgentLine(line: string): AgentEvent | { type: 'error'; message: string } | null {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as AgentEvent | { type: 'error'; message: string };
  } catch {
    return null;
  }
}

/** Called as each agent starts (the run records and watches it). */
export type OnAgentProcess = (component: string, proc: SpawnedProcess) => void;

async function runOneAgent(options: {
  spec: AgentSpec;
  launcher: ProgramLauncher;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: AgentEvent) => void) | undefined;
  onProcess?: OnAgentProcess | undefined;
}): Promise<AgentResult> {
  let result: AgentResult | null = null;
  let failure: string | null = null;
  const proc = spawnProcess(options.launcher.command, options.launcher.args, {
    env: { ...process.env, [AGENT_SPEC_ENV]: JSON.stringify(options.spec) },
    signal: options.signal,
    onStdoutLine: (line) => {
      const event = parseAgentLine(line);
      if (!event) return;
      if (event.type === 'result') result = event.result;
      else if (event.type === 'error') failure = event.message;
      else options.onEvent?.(event);
    },
  });
  const component = `load agent ${options.spec.agentIndex}`;
  options.onProcess?.(component, proc);
  try {
    await proc.exited;
  } catch (err) {
    if (options.signal?.aborted) throw interruptedError();
    const how = proc.exit ? describeExit(proc.exit) : (err as Error).message;
    throw new HarnessError('COMMAND_FAILED', `${component} (pid ${proc.pid}) ${how}${failure ? `: ${failure}` : ''}`, {
      cause: err,
      details: [`last output of ${component}:`, ...proc.outputTail(20).map((l) => `  ${l}`)],
    });
  }
  if (!result) throw new HarnessError('COMMAND_FAILED', `load agent ${options.spec.agentIndex} printed no result${failure ? `: ${failure}` : ''}`);
  return result;
}

export function createLocalAgentRunner(launcher: ProgramLauncher, onProcess?: OnAgentProcess): AgentRunner {
  return {
    // Every agent runs to its end (bounded by its window) before a failure of one is reported,
    // so no agent keeps sending after the repetition.
    runRepetition: async (options: AgentRunOptions) => {
      const settled = await Promise.allSettled(options.specs.map((spec) => runOneAgent({ spec, launcher, signal: options.signal, onEvent: options.onEvent, onProcess })));
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      return settled.map((s) => (s as PromiseFulfilledResult<AgentResult>).value);
    },
  };
}
