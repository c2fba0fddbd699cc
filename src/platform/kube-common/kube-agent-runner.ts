/**
 * Runs the load agents of one repetition as Kubernetes Jobs (one per agent, on the client
 * worker), waits for them against a deadline of start delay + warm-up + window + margin, and reads
 * each agent's result from the LAST JSON line of its pod log; the window events it printed before
 * are replayed to `onEvent` afterwards (a pod log is read once the pod is done).
 *
 * All agents of a repetition get the same `startAtMs`, far enough ahead for their pods to start
 * (preloaded image: a few seconds on kind), so several agents begin their warm-up together.
 */
import { HarnessError } from '../../errors.ts';
import type { KubeClient } from '../../kube/kube-client.ts';
import type { AgentRunner, AgentRunOptions } from '../measurement-backend.ts';
import { AGENT_CONTAINER } from '../../workload/kube-labels.ts';
import { agentJobManifest } from '../../workload/kube-agent-job.ts';
import type { AgentEvent, AgentResult, AgentSpec } from '../../plan/agent-protocol.ts';

/** Options of {@link KubeAgentRunner}. */
export interface KubeAgentRunnerOptions {
  kube: KubeClient;
  namespace: string;
  platform: 'kind' | 'existing';
  runId: string;
  /** Time allowed for the agent pods to start before the warm-up begins; default 10 s (kind), 30 s (existing). */
  podStartMarginMs?: number | undefined;
  /** Added to the Job deadline on top of start delay + warm-up + window + request timeout; default 120 s. */
  deadlineMarginMs?: number | undefined;
  log?: ((line: string) => void) | undefined;
  nowMs?: (() => number) | undefined;
}

/** What one agent's pod log says. */
export interface ParsedAgentLog {
  events: AgentEvent[];
  result: AgentResult | null;
  /** `{"type":"error"}` messages the agent printed. */
  errors: string[];
}

/** Parses an agent's output: JSON lines; the result must be the last one. Other lines are ignored. */
export function parseAgentLog(text: string): ParsedAgentLog {
  const events: AgentEvent[] = [];
  const errors: string[] = [];
  let result: AgentResult | null = null;
  let lastJsonType: string | undefined;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      continue;
    }
    const type = (parsed as { type?: unknown }).type;
    lastJsonType = typeof type === 'string' ? type : undefined;
    if (type === 'window-start' || type === 'window-end') events.push(parsed as AgentEvent);
    else if (type === 'result') result = (parsed as { result: AgentResult }).result;
    else if (type === 'error') errors.push(String((parsed as { message?: unknown }).message));
  }
  return { events, result: lastJsonType === 'result' ? result : null, errors };
}

/** Default time allowed for agent pods to start before the warm-up. */
export function defaultPodStartMarginMs(platform: 'kind' | 'existing'): number {
  return platform === 'kind' ? 10_000 : 30_000;
}

/** Default slack of an agent Job's deadline beyond start delay + warm-up + window + request timeout. */
export const AGENT_DEADLINE_MARGIN_MS = 120_000;

/** An agent Job's deadline: start delay + warm-up + window + request timeout + margin. */
export function agentDeadlineMs(spec: Pick<AgentSpec, 'warmupMs' | 'durationMs' | 'timeoutMs'>, startDelayMs: number, marginMs = AGENT_DEADLINE_MARGIN_MS): number {
  return startDelayMs + spec.warmupMs + spec.durationMs + spec.timeoutMs + marginMs;
}

function tail(text: string, lines: number): string[] {
  return text.split('\n').filter((l) => l.trim()).slice(-lines);
}

/** An {@link AgentRunner} creating one Job per agent per repetition. */
export class KubeAgentRunner implements AgentRunner {
  private readonly options: KubeAgentRunnerOptions;
  private repetition = 0;

  constructor(options: KubeAgentRunnerOptions) {
    this.options = options;
  }

  private now(): number {
    return (this.options.nowMs ?? Date.now)();
  }

  async runRepetition(run: AgentRunOptions): Promise<AgentResult[]> {
    const { kube, namespace } = this.options;
    this.repetition += 1;
    const now = this.now();
    const margin = this.options.podStartMarginMs ?? defaultPodStartMarginMs(this.options.platform);
    const startAtMs = Math.max(now + margin, ...run.specs.map((s) => s.startAtMs));
    const first = run.specs[0];
    if (!first) return [];
    const deadlineMs = agentDeadlineMs(first, startAtMs - now, this.options.deadlineMarginMs);
    const jobs = run.specs.map((spec, i) => ({
      name: `agent-r${String(this.repetition).padStart(3, '0')}-a${i}`,
      spec: { ...spec, startAtMs } satisfies AgentSpec,
    }));
    await kube.apply(
      jobs.map((job) =>
        agentJobManifest({
          name: job.name,
          namespace,
          platform: this.options.platform,
          runId: this.options.runId,
          spec: job.spec,
          deadlineSeconds: Math.ceil(deadlineMs / 1000),
        }),
      ),
      run.signal,
    );
    this.options.log?.(`started ${jobs.length} load agent Job(s) ${jobs.map((j) => j.name).join(', ')}; warm-up at ${new Date(startAtMs).toISOString()}`);
    const parsed = await Promise.all(jobs.map((job) => this.awaitAgent(job.name, deadlineMs, run.signal)));
    const events = parsed.flatMap((p) => p.events).sort((a, b) => eventTime(a) - eventTime(b));
    for (const event of events) run.onEvent?.(event);
    return parsed.map((p) => p.result);
  }

  private async awaitAgent(job: string, deadlineMs: number, signal: AbortSignal | undefined): Promise<{ events: AgentEvent[]; result: AgentResult }> {
    const { kube, namespace } = this.options;
    try {
      await kube.waitFor({ type: 'job-complete', namespace, name: job }, { timeoutMs: deadlineMs, signal });
    } catch (err) {
      if (err instanceof HarnessError && err.code === 'INTERRUPTED') throw err;
      const logLines = await this.logTail(job);
      const agentError = logLines.map((l) => parseAgentLog(l).errors[0]).find((e) => e !== undefined);
      // An agent pod that failed is a failed component (exit 4); only a Job still short of its
      // deadline's end is "not ready" (exit 5).
      const podFailed = await this.options.kube
        .listPods(namespace, `job-name=${job}`)
        .then((pods) => pods.some((p) => p.phase === 'Failed'))
        .catch(() => false);
      const timedOut = err instanceof HarnessError && err.code === 'NOT_READY' && !podFailed && agentError === undefined;
      throw new HarnessError(timedOut ? 'NOT_READY' : 'COMMAND_FAILED', `load agent Job ${namespace}/${job} did not complete${agentError ? `: ${agentError}` : ''}`, {
        cause: err,
        details: [...(err instanceof HarnessError ? [err.message, ...err.details] : [String(err)]), 'agent log (last lines):', ...logLines.map((l) => `  ${l}`)],
        hint: 'the agent pod log and events are in the diagnostics folder next to the result',
      });
    }
    const pod = await this.jobPod(job);
    const log = await kube.podLogs(namespace, pod, AGENT_CONTAINER);
    const parsed = parseAgentLog(log);
    if (!parsed.result) {
      throw new HarnessError('COMMAND_FAILED', `load agent pod ${namespace}/${pod} printed no result as its last line`, {
        details: tail(log, 20),
        hint: 'the agent must print {"type":"result",…} last (src/plan/agent-protocol.ts)',
      });
    }
    return { events: parsed.events, result: parsed.result };
  }

  private async jobPod(job: string): Promise<string> {
    const pods = await this.options.kube.listPods(this.options.namespace, `job-name=${job}`);
    const pod = pods.find((p) => p.phase === 'Succeeded') ?? pods[0];
    if (!pod) throw new HarnessError('COMMAND_FAILED', `Job ${this.options.namespace}/${job} completed but has no pod`);
    return pod.name;
  }

  private async logTail(job: string): Promise<string[]> {
    try {
      const pod = await this.jobPod(job);
      return tail(await this.options.kube.podLogs(this.options.namespace, pod, AGENT_CONTAINER), 20);
    } catch {
      return [];
    }
  }
}

function eventTime(event: AgentEvent): number {
  return event.type === 'result' ? event.result.windowEndMs : event.timeMs;
}
