/**
 * The KubeClient over @kubernetes/client-node 1.4 (this folder is the only importer of it).
 *
 * - apply: server-side apply (`PATCH …?fieldManager=meshbench&force=true`,
 *   `application/apply-patch+yaml`), one object at a time in order. Server-side apply keeps no
 *   `last-applied-configuration` annotation, so a ~500 KB script ConfigMap is not stored twice
 *   (client-side apply would exceed the 256 KB annotation limit). Objects of a CRD installed a
 *   moment ago and webhooks still starting are retried for a while.
 * - waits: polled against a deadline; a timeout is NOT_READY naming the stuck object, its pods'
 *   states and their recent events. An API server that does not answer fails the wait after
 *   `unreachableGraceMs` (not at the end of a long deadline) with its address.
 * - every request carries its own timeout (`requestTimeoutMs`), so nothing hangs on a dead server.
 */
import {
  ApiextensionsV1Api,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  createConfiguration,
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  ServerConfiguration,
  type V1Pod,
  VersionApi,
} from '@kubernetes/client-node';
import { HarnessError, interruptedError } from '../errors.ts';
import type { KubeObject, WaitCondition } from '../pipeline/plan-types.ts';
import type { KubeClient, PodInfo } from './kube-client.ts';
import { apiStatusCode, isTransient, isUnreachable, toKubeError } from './kube-errors.ts';
import { formatEvents } from './kube-event-format.ts';
import { toPodInfo } from './kube-pod-info.ts';
import { rawGet } from './kube-raw-get.ts';
import { probeCondition, type WaitProbe } from './kube-wait-probe.ts';
import { loadKubeConfig, requestTimeoutMiddleware } from './kubeconfig-loading.ts';
import {
  nodeIsReady,
  podIsReady,
  podStateSummary,
} from './kube-readiness.ts';

/** The field manager of every apply (server-side apply ownership). */
export const FIELD_MANAGER = 'meshbench';

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


function describeCondition(condition: WaitCondition): string {
  switch (condition.type) {
    case 'nodes-ready':
      return `${condition.count} nodes Ready`;
    case 'rollout':
      return `${condition.workloadKind} ${condition.namespace}/${condition.name} rollout`;
    case 'pods-ready':
      return `pods ${condition.labelSelector} in ${condition.namespace} Ready`;
    case 'job-complete':
      return `Job ${condition.namespace}/${condition.name} complete`;
    case 'crd-established':
      return `CRD ${condition.name} Established`;
  }
}

function describeObject(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

async function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw interruptedError();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(interruptedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
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
    for (const object of objects) {
      const deadline = Date.now() + this.applyRetryMs;
      for (;;) {
        if (signal?.aborted) throw interruptedError();
        try {
          // specUriPath fills in defaults on the object it gets: give it a copy.
          const copy = structuredClone(object) as KubernetesObject;
          await this.objects.patch(copy, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
          break;
        } catch (err) {
          const unknownKind = err instanceof Error && /Unrecognized API version and kind|Failed to fetch resource metadata/.test(err.message);
          const retryable = unknownKind || (isTransient(err) && !isUnreachable(err));
          if (!retryable || Date.now() >= deadline) {
            throw toKubeError(err, { action: `apply ${describeObject(object)}`, server: this.server, signal });
          }
          await sleepMs(this.pollIntervalMs, signal);
        }
      }
    }
  }

  async waitFor(condition: WaitCondition, options: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
    const { signal } = options;
    const started = Date.now();
    const deadline = started + options.timeoutMs;
    let last: WaitProbe | undefined;
    let unreachableSince: number | undefined;
    for (;;) {
      if (signal?.aborted) throw interruptedError();
      try {
        last = await probeCondition({ core: this.core, apps: this.apps, batch: this.batch, apiextensions: this.apiextensions }, condition);
        unreachableSince = undefined;
        if (last.readiness.done) return;
        if (last.readiness.failed) throw await this.notReadyError(condition, last, `failed: ${last.readiness.failed}`);
      } catch (err) {
        if (err instanceof HarnessError) throw err;
        if (!isTransient(err)) throw toKubeError(err, { action: `wait for ${describeCondition(condition)}`, server: this.server, signal });
        if (isUnreachable(err)) {
          unreachableSince ??= Date.now();
          const graceOver = Date.now() - unreachableSince >= Math.min(this.unreachableGraceMs, options.timeoutMs);
          if (graceOver || Date.now() >= deadline) {
            throw toKubeError(err, { action: `wait for ${describeCondition(condition)}`, server: this.server, signal });
          }
        }
      }
      const now = Date.now();
      if (now >= deadline) {
        const seconds = options.timeoutMs < 10_000 ? (options.timeoutMs / 1000).toFixed(1) : String(Math.round(options.timeoutMs / 1000));
        throw await this.notReadyError(condition, last, `not ready after ${seconds} s${last ? `: ${last.readiness.status}` : ''}`);
      }
      await sleepMs(Math.min(this.pollIntervalMs, deadline - now), signal);
    }
  }

  /** NOT_READY naming the first stuck pod, with pod states and recent events as details. */
  private async notReadyError(condition: WaitCondition, probe: WaitProbe | undefined, what: string): Promise<HarnessError> {
    const details: string[] = [...(probe?.details ?? [])];
    let firstStuck: string | undefined;
    try {
      if (probe?.pods) {
        const pods: V1Pod[] = (await this.core.listNamespacedPod({ namespace: probe.pods.namespace, labelSelector: probe.pods.labelSelector || undefined }))
          .items;
        for (const pod of pods) {
          if (podIsReady(pod) || pod.status?.phase === 'Succeeded') continue;
          const name = pod.metadata?.name ?? '?';
          const state = podStateSummary(pod);
          firstStuck ??= `pod ${name} is ${state}`;
          details.push(`pod ${probe.pods.namespace}/${name} on ${pod.spec?.nodeName ?? '(unscheduled)'}: ${state}`);
          for (const line of await this.events(probe.pods.namespace, name)) details.push(`  ${line}`);
        }
      }
      if (probe?.events && (probe.events.namePrefix || details.length === 0)) {
        const lines = (await this.events(probe.events.namespace)).filter((l) => {
          const object = l.split(' ')[3] ?? '';
          return object.split('/')[1]?.startsWith(probe.events?.namePrefix ?? '') ?? false;
        });
        if (lines.length) details.push(`recent events in ${probe.events.namespace}:`, ...lines.slice(-10).map((l) => `  ${l}`));
      }
    } catch {
      // Explaining is best effort: the timeout itself is the error.
    }
    const message = `${describeCondition(condition)}: ${what}${firstStuck ? `; ${firstStuck}` : ''}`;
    return new HarnessError('NOT_READY', message, {
      hint: 'inspect the cluster (run with --keep to leave it up) or see the diagnostics folder next to the result',
      details,
    });
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
    const { signal } = options;
    try {
      await this.core.deleteNamespace({ name });
    } catch (err) {
      if (apiStatusCode(err) === 404) return;
      throw toKubeError(err, { action: `delete namespace ${name}`, server: this.server, signal });
    }
    const deadline = Date.now() + options.timeoutMs;
    let phase = 'Terminating';
    for (;;) {
      try {
        const ns = await this.core.readNamespace({ name });
        phase = ns.status?.phase ?? phase;
        const stuck = ns.status?.conditions?.filter((c) => c.status === 'True').map((c) => `${c.type}: ${c.message ?? ''}`) ?? [];
        if (Date.now() >= deadline) {
          throw new HarnessError('NOT_READY', `namespace ${name} is still ${phase} after ${Math.round(options.timeoutMs / 1000)} s`, {
            details: stuck,
            hint: `check what holds it: kubectl get all,events -n ${name}`,
          });
        }
      } catch (err) {
        if (apiStatusCode(err) === 404) return;
        throw toKubeError(err, { action: `wait for namespace ${name} to be deleted`, server: this.server, signal });
      }
      await sleepMs(this.pollIntervalMs, signal);
    }
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
