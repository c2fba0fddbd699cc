/**
 * An in-memory KubeClient for mesh check tests: pods, nodes, raw objects and pod logs are
 * seeded by the test; `apply` records objects and, for a Job, creates its pod (label
 * `job-name`) whose log comes from `jobLogs(job)`; `waitFor` records conditions and succeeds
 * unless the test makes it fail.
 */
import type { KubeClient, PodInfo } from '../../src/kube/kube-client.ts';
import type { KubeObject, WaitCondition } from '../../src/plan/plan-types.ts';

export interface FakeNode {
  name: string;
  labels: Record<string, string>;
  ready: boolean;
}

export class FakeKubeClient implements KubeClient {
  readonly applied: KubeObject[] = [];
  readonly waited: WaitCondition[] = [];
  pods: PodInfo[] = [];
  nodes: FakeNode[] = [];
  /** getRaw answers by path. */
  raw = new Map<string, unknown>();
  /** `namespace/pod` → log text. */
  logs = new Map<string, string>();
  /** Log of a Job's pod, computed from the applied Job. */
  jobLogs: (job: KubeObject) => string = () => '';
  /** When set, waitFor throws this. */
  waitError: Error | null = null;

  async apply(objects: KubeObject[]): Promise<void> {
    for (const object of objects) {
      this.applied.push(object);
      if (object.kind === 'Job') {
        const namespace = object.metadata.namespace ?? 'default';
        const name = `${object.metadata.name}-x7k2p`;
        this.pods.push(fakePod({ namespace, name, labels: { 'job-name': object.metadata.name }, containers: ['probe'], phase: 'Succeeded' }));
        this.logs.set(`${namespace}/${name}`, this.jobLogs(object));
      }
    }
  }

  async waitFor(condition: WaitCondition): Promise<void> {
    this.waited.push(condition);
    if (this.waitError) throw this.waitError;
  }

  async listPods(namespace: string, labelSelector?: string): Promise<PodInfo[]> {
    const wanted = (labelSelector ?? '')
      .split(',')
      .filter(Boolean)
      .map((term) => term.split('='));
    return this.pods.filter((p) => p.namespace === namespace && wanted.every(([k = '', v]) => p.labels[k] === v));
  }

  async listNodes(): Promise<FakeNode[]> {
    return this.nodes;
  }

  async podLogs(namespace: string, pod: string): Promise<string> {
    return this.logs.get(`${namespace}/${pod}`) ?? '';
  }

  async getRaw(path: string): Promise<unknown> {
    if (this.raw.has(path)) return this.raw.get(path);
    const list = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(path);
    if (list?.[1]) {
      const namespace = decodeURIComponent(list[1]);
      return {
        kind: 'PodList',
        items: this.pods
          .filter((p) => p.namespace === namespace)
          .map((p) => ({ metadata: { name: p.name, labels: p.labels, annotations: this.annotations.get(`${namespace}/${p.name}`) ?? {} }, spec: { nodeName: p.nodeName }, status: { phase: p.phase } })),
      };
    }
    throw new Error(`fake kube: no answer for GET ${path}`);
  }

  /** Pod annotations (`namespace/pod` → map), served through getRaw pod lists. */
  annotations = new Map<string, Record<string, string>>();

  async deleteNamespace(): Promise<void> {}

  async events(): Promise<string[]> {
    return [];
  }

  async serverVersion(): Promise<string> {
    return 'v1.34.0';
  }
}

/** A running, ready pod with sensible defaults. */
export function fakePod(options: {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  containers?: string[];
  initContainers?: { name: string; sidecar: boolean }[];
  nodeName?: string;
  phase?: string;
  ready?: boolean;
}): PodInfo {
  return {
    namespace: options.namespace,
    name: options.name,
    nodeName: options.nodeName ?? 'bench-worker',
    phase: options.phase ?? 'Running',
    labels: options.labels ?? {},
    containers: options.containers ?? ['order-service'],
    initContainers: options.initContainers ?? [],
    ready: options.ready ?? true,
  };
}
