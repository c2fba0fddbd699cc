/**
 * The KubeClient over @kubernetes/client-node 1.4 (this folder is the only importer of it).
 *
 * - apply: server-side apply, one object at a time in order, retrying kinds of a CRD installed a
 *   moment ago and webhooks still starting (kube-apply.ts).
 * - waits: polled against a deadline; a timeout is NOT_READY naming the stuck object, its pods'
 *   states and their recent events; an API server that does not answer fails the wait after
 *   `unreachableGraceMs` (kube-wait.ts).
 * - every request carries its own timeout (`requestTimeoutMs`), so nothing hangs on a dead server.
 */
import {
  ApiextensionsV1Api,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  createConfiguration,
  type KubeConfig,
  KubernetesObjectApi,
  ServerConfiguration,
  VersionApi,
} from '@kubernetes/client-node';
import { HarnessError, interruptedError } from '../errors.ts';
import type { KubeObject, WaitCondition } from '../plan/plan-types.ts';
import { applyObjects } from './kube-apply.ts';
import type { KubeClient, PodInfo } from './kube-client.ts';
import { toKubeError } from './kube-errors.ts';
import { formatEvents } from './kube-event-format.ts';
import { deleteNamespaceAndWait } from './kube-namespace-delete.ts';
import { toPodInfo } from './kube-pod-info.ts';
import { rawGet } from './kube-raw-get.ts';
import { nodeIsReady } from './kube-readiness.ts';
import { waitForCondition } from './kube-wait.ts';
import { loadKubeConfig, requestTimeoutMiddleware } from './kubeconfig-loading.ts';

/** Tuning of {@link createKubeClient}; the defaults suit real clusters. */
export interface KubeClientOptions {
  /** Timeout of one HTTP request. Default 30 s. */
  requestTimeoutMs?: number | undefined;
  /** Poll period of waits. Default 1 s. */
  pollIntervalMs?: number | undefined;
  /** How long a wait tolerates an API server that does not answer before failing. Default 30 s. */
  unreachableGraceMs?: number | undefined;
  /** How long apply retries unknown kinds (CRD just created) and transient errors. Default 60 s. */
  applyRetryMs?: number | undefined;
}

class ClientNodeKubeClient implements KubeClient {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly batch: BatchV1Api;
  private readonly apiextensions: ApiextensionsV1Api;
  private readonly version: VersionApi;
  private readonly objects: KubernetesObjectApi;
  private readonly server: string;
  private readonly requestTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly unreachableGraceMs: number;
  private readonly applyRetryMs: number;

  constructor(
    private readonly kc: KubeConfig,
    options: KubeClientOptions,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new HarnessError('CONFIG_INVALID', 'kubeconfig has no current cluster');
    this.server = cluster.server;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.unreachableGraceMs = options.unreachableGraceMs ?? 30_000;
    this.applyRetryMs = options.applyRetryMs ?? 60_000;
    const configuration = createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kc },
      promiseMiddleware: [requestTimeoutMiddleware(this.requestTimeoutMs)],
    });
    this.core = new CoreV1Api(configuration);
    this.apps = new AppsV1Api(configuration);
    this.batch = new BatchV1Api(configuration);
    this.apiextensions = new ApiextensionsV1Api(configuration);
    this.version = new VersionApi(configuration);
    this.objects = new KubernetesObjectApi(configuration);
  }

  private async call<T>(action: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw interruptedError();
    try {
      return await fn();
    } catch (err) {
      throw toKubeError(err, { action, server: this.server, signal });
    }
  }

  async apply(objects: KubeObject[], signal?: AbortSignal): Promise<void> {
    await applyObjects(
      { api: this.objects, server: this.server, applyRetryMs: this.applyRetryMs, pollIntervalMs: this.pollIntervalMs },
      objects,
      signal,
    );
  }

  async waitFor(condition: WaitCondition, options: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
    await waitForCondition(
      {
        apis: { core: this.core, apps: this.apps, batch: this.batch, apiextensions: this.apiextensions },
        events: (namespace, involvedName) => this.events(namespace, involvedName),
        server: this.server,
        pollIntervalMs: this.pollIntervalMs,
        unreachableGraceMs: this.unreachableGraceMs,
      },
      condition,
      options,
    );
  }

  async listPods(namespace: string, labelSelector?: string): Promise<PodInfo[]> {
    const list = await this.call(`list pods in ${namespace}`, () =>
      this.core.listNamespacedPod({ namespace, labelSelector: labelSelector || undefined }),
    );
    return list.items.map(toPodInfo);
  }

  async listNodes(): Promise<{ name: string; labels: Record<string, string>; ready: boolean }[]> {
    const list = await this.call('list nodes', () => this.core.listNode());
    return list.items.map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {}, ready: nodeIsReady(n) }));
  }

  async podLogs(namespace: string, pod: string, container?: string): Promise<string> {
    const text = await this.call(`read the log of pod ${namespace}/${pod}`, () =>
      this.core.readNamespacedPodLog({ name: pod, namespace, container }),
    );
    return typeof text === 'string' ? text : JSON.stringify(text);
  }

  async getRaw(path: string): Promise<unknown> {
    const response = await this.call(`GET ${path}`, () => rawGet(this.kc, path, { timeoutMs: this.requestTimeoutMs }));
    if (response.status < 200 || response.status > 299) {
      throw new HarnessError('COMMAND_FAILED', `GET ${path} answered HTTP ${response.status}: ${response.body.slice(0, 300)}`, {
        hint: response.status === 403 ? 'the kubeconfig user needs RBAC `get` on `nodes/proxy` to read kubelet stats' : undefined,
      });
    }
    try {
      return JSON.parse(response.body) as unknown;
    } catch {
      throw new HarnessError('COMMAND_FAILED', `GET ${path} did not answer JSON: ${response.body.slice(0, 200)}`);
    }
  }

  async deleteNamespace(name: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
    await deleteNamespaceAndWait({ core: this.core, server: this.server, pollIntervalMs: this.pollIntervalMs }, name, options);
  }

  async events(namespace: string, involvedName?: string): Promise<string[]> {
    const list = await this.call(`list events in ${namespace}`, () =>
      this.core.listNamespacedEvent({ namespace, fieldSelector: involvedName ? `involvedObject.name=${involvedName}` : undefined }),
    );
    return formatEvents(list.items);
  }

  async serverVersion(): Promise<string> {
    const info = await this.call('read the server version', () => this.version.getCode());
    return info.gitVersion;
  }
}

/**
 * A KubeClient for a kubeconfig file (or a `:`-separated list, merged) and optionally one of its
 * contexts (default: its current context). Throws CONFIG_INVALID/USAGE for an unreadable file or
 * an unknown context.
 */
export function createKubeClient(kubeconfigPath: string, context?: string | null, options: KubeClientOptions = {}): KubeClient {
  return new ClientNodeKubeClient(loadKubeConfig(kubeconfigPath, context), options);
}
