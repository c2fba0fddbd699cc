/**
 * What the measurement loop (measure-levels.ts) needs from a platform: a way to run the load
 * agents for one repetition, and a resource meter. Local: child processes and /proc. Kubernetes:
 * agent Jobs and kubelet counters.
 */
import type { AgentEvent, AgentResult, AgentSpec, TlsClientSpec } from '../plan/agent-protocol.ts';
import type { ResourceMeter } from '../metrics/resource-meter.ts';
import type { PlanStep } from '../plan/plan-types.ts';
import type { ResultFile, VerificationCheck } from '../results/result-schema.ts';

export interface AgentRunOptions {
  /** One spec per agent (each with its share of the rate). */
  specs: AgentSpec[];
  signal?: AbortSignal | undefined;
  /** Window start/end events as the agents report them (local: live; Kubernetes: after the fact). */
  onEvent?: ((event: AgentEvent) => void) | undefined;
}

export interface AgentRunner {
  /** Runs one repetition on every agent and returns each agent's result. */
  runRepetition(options: AgentRunOptions): Promise<AgentResult[]>;
}

/** A component of the data path (service, proxy, agent, workload pod) that died during the run. */
export interface ComponentFailure {
  /** e.g. `order-service`, `haproxy-server`, `load agent 0`, `pod order-7d9f-abcde (order-service)`. */
  component: string;
  /** Process id (local) or null (Kubernetes). */
  pid: number | null;
  /** e.g. `was killed by SIGKILL`, `exited with code 1`, `restarted (restartCount 0 → 1)`. */
  how: string;
  /** The last lines of its output (bounded), oldest first. */
  outputTail: string[];
}

export interface MeasurementBackend {
  agentRunner: AgentRunner;
  /** A fresh meter per repetition. */
  createMeter(): ResourceMeter;
  /**
   * The first component that died since the platform was prepared, or null. The measurement loop
   * asks before the first repetition and after every one: a dead component ends the run.
   */
  checkComponents?(): Promise<ComponentFailure | null>;
}

/** What a prepared platform hands to the measurement loop. */
export interface PreparedPlatform {
  targetUrl: string;
  /** https:// targets (scenario load.tls): the agents' TLS settings, files at paths the agents read. */
  agentTls?: TlsClientSpec | undefined;
  backend: MeasurementBackend;
  verification: VerificationCheck[];
  runningVersion: string | null;
  tools: Record<string, string>;
  /** What the platform knows of the target's cluster, for the result; empty where there is none (local). */
  targetFacts: Partial<Pick<ResultFile['target'], 'kubernetesVersion' | 'kindVersion' | 'clusterShape'>>;
  /** Kubernetes: runs plan steps on the prepared cluster (a feature matrix's switch steps). */
  runSteps?(steps: readonly PlanStep[]): Promise<void>;
  /** After a failure: writes what an engineer looks at first beside the result; its folder, or null when there is nothing to collect. */
  collectDiagnostics(): Promise<string | null>;
  teardown(): Promise<void>;
}
