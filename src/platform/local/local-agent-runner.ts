/**
 * Runs the load agents as child processes (one per agent), separate from the harness so the
 * generator's CPU and event loop are its own. Window events are forwarded live (the meter samples
 * on them); the result is the agent's last JSON line.
 */
import { HarnessError, interruptedError } from '../../errors.ts';
import { spawnProcess } from '../../exec/command-runner.ts';
import { AGENT_SPEC_ENV, type AgentEvent, type AgentResult, type AgentSpec } from '../../plan/agent-protocol.ts';
import type { AgentRunner, AgentRunOptions } from '../measurement-backend.ts';
import type { ProgramLauncher } from './local-service-chain.ts';

function parseAgentLine(line: string): AgentEvent | { type: 'error'; message: string } | null {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as AgentEvent | { type: 'error'; message: string };
  } catch {
    return null;
  }
}

async function runOneAgent(options: {
  spec: AgentSpec;
  launcher: ProgramLauncher;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: AgentEvent) => void) | undefined;
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
  try {
    await proc.exited;
  } catch (err) {
    if (options.signal?.aborted) throw interruptedError();
    throw new HarnessError('COMMAND_FAILED', `load agent ${options.spec.agentIndex} failed: ${failure ?? (err as Error).message}`, { cause: err });
  }
  if (!result) throw new HarnessError('COMMAND_FAILED', `load agent ${options.spec.agentIndex} printed no result${failure ? `: ${failure}` : ''}`);
  return result;
}

export function createLocalAgentRunner(launcher: ProgramLauncher): AgentRunner {
  return {
    runRepetition: (options: AgentRunOptions) =>
      Promise.all(options.specs.map((spec) => runOneAgent({ spec, launcher, signal: options.signal, onEvent: options.onEvent }))),
  };
}
