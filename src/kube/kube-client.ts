/**
 * What the harness needs from the Kubernetes API. The implementation over
 * @kubernetes/client-node lives in this folder (the only importer of that package); tests use a
 * loopback server that answers like the API server.
 */
import type { KubeObject, WaitCondition } from '../plan/plan-types.ts';

export interface PodInfo {
  namespace: string;
  name: string;
  nodeName: string | null;
  phase: string;
  labels: Record<string, string>;
  /** Names of regular containers. */
  containers: string[];
  /** Names of init containers; native sidecars (restartPolicy: Always) are flagged. */
  initContainers: { name: string; sidecar: boolean }[];
  ready: boolean;
  /** Container restarts so far, summed over containers and init containers (absent: unknown). */
  restarts?: number;
  /** The pod is being deleted (metadata.deletionTimestamp is set). */
  terminating?: boolean;
}

export interface KubeClient {
  /** Server-side apply with field manager `meshbench`, in order. */
  apply(objects: KubeObject[], signal?: AbortSignal): Promise<void>;
  /** Waits until the condition holds; on timeout throws NOT_READY naming the object and its recent events. */
  waitFor(condition: WaitCondition, options: { timeoutMs: number; signal?: AbortSignal }): Promise<void>;
  listPods(namespace: string, labelSelector?: string): Promise<PodInfo[]>;
  /** Nodes with their labels. */
  listNodes(): Promise<{ name: string; labels: Record<string, string>; ready: boolean }[]>;
  podLogs(namespace: string, pod: string, container?: string): Promise<string>;
  /** GET a raw API path, e.g. `/api/v1/nodes/<node>/proxy/stats/summary`; JSON-decoded. */
  getRaw(path: string): Promise<unknown>;
  deleteNamespace(name: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<void>;
  /** Recent events of a namespace (optionally about one object), formatted one per line. */
  events(namespace: string, involvedName?: string): Promise<string[]>;
  /** Kubernetes server version, e.g. v1.34.0. */
  serverVersion(): Promise<string>;
}
