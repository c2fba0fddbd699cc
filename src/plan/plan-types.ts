/**
 * The plan of a `bench run`: a pure data structure listing every step, command line and
 * manifest. `--dry-run` prints it; the executor interprets exactly this, so what a reader checks
 * in the dry run is what runs.
 */
import type { PlatformName } from '../config/target-schema.ts';
import type { TlsClientSpec } from './agent-protocol.ts';
import type { FeatureStatement } from './feature-support.ts';

/** A Kubernetes object as applied (plain JSON). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** What a `wait` action waits for. */
export type WaitCondition =
  | { type: 'nodes-ready'; count: number }
  | { type: 'rollout'; namespace: string; workloadKind: 'Deployment' | 'DaemonSet' | 'StatefulSet'; name: string }
  | { type: 'pods-ready'; namespace: string; labelSelector: string }
  | { type: 'job-complete'; namespace: string; name: string }
  | { type: 'crd-established'; name: string };

export type PlanAction =
  /** Run an external tool (through src/exec). `stdin` carries e.g. a manifest for `kubectl apply -f -`. */
  | {
      kind: 'command';
      description: string;
      tool: string;
      args: string[];
      stdin?: string;
      timeoutMs?: number;
      /** A failure is logged, not fatal (e.g. deleting something that may not exist). */
      allowFailure?: boolean;
      /** Extra environment, e.g. KUBECONFIG. */
      env?: Record<string, string>;
    }
  /** Server-side apply (field manager `meshbench`) through src/kube. */
  | { kind: 'apply'; description: string; manifests: KubeObject[] }
  | { kind: 'wait'; description: string; condition: WaitCondition; timeoutMs: number }
  | { kind: 'write-file'; description: string; path: string; content: string; mode?: number }
  | { kind: 'delete-namespace'; description: string; namespace: string; timeoutMs: number }
  /**
   * A runtime check whose logic lives in code (mesh verification, tool versions): `check` names a
   * function registered by the mesh or platform module, `params` its input.
   */
  | { kind: 'check'; description: string; check: string; params: Record<string, unknown> }
  /** The measurement loop: levels × repetitions of warm-up + measured window. */
  | { kind: 'measure'; description: string; measurement: MeasurementPlan };

export type PlanPhase = 'preflight' | 'provision' | 'install-mesh' | 'deploy' | 'verify' | 'measure' | 'teardown';

export interface PlanStep {
  id: string;
  phase: PlanPhase;
  title: string;
  actions: PlanAction[];
}

export interface MeasurementPlan {
  levels: { index: number; rps: number }[];
  repetitions: number;
  warmupMs: number;
  durationMs: number;
  agents: number;
  /** Where the agents send requests, e.g. http://order-service.<ns>.svc:8080 or http://127.0.0.1:PORT. */
  targetUrl: string;
  /** https:// targets on Kubernetes: the agents' TLS settings, files at their paths in the agent pod. */
  agentTls?: TlsClientSpec | undefined;
}

export interface RunPlan {
  runId: string;
  createdAt: string;
  platform: PlatformName;
  target: { name: string; mesh: string; mode: string; version: string | null };
  scenario: { name: string; contentHash: string };
  /** kind cluster name (kind), kube context (existing); null on local. */
  cluster: { name: string; kubeconfigPath: string; context: string | null } | null;
  /** Workload namespace of this run (Kubernetes platforms). */
  namespace: string | null;
  resultPath: string;
  /** Steps in order. */
  steps: PlanStep[];
  /** Steps run at the end, also after a failure or Ctrl-C (unless --keep). */
  teardown: PlanStep[];
  /** The scenario's features that are on and how the target implements each (feature-support.ts). */
  features?: FeatureStatement[] | undefined;
}
