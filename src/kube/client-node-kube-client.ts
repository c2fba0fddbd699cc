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
  KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  type Middleware,
  PatchStrategy,
  type RequestContext,
  type ResponseContext,
  ServerConfiguration,
  type V1Pod,
  VersionApi,
} from '@kubernetes/client-node';
import { delimiter } from 'node:path';
import { HarnessError, interruptedError } from '../errors.ts';
import type { KubeObject, WaitCondition } from '../pipeline/plan-types.ts';
import type { KubeClient, PodInfo } from './kube-client.ts';
import { apiStatusCode, isTransient, isUnreachable, toKubeError } from './kube-errors.ts';
import { formatEvents } from './kube-event-format.ts';
import { labelSelectorOf, toPodInfo } from './kube-pod-info.ts';
import { rawGet } from './kube-raw-get.ts';
import {
  crdReadiness,
  daemonSetReadiness,
  deploymentReadiness,
  jobReadiness,
  nodeIsReady,
  podIsReady,
  podStateSummary,
  type Readiness,
  statefulSetReadiness,
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

interface WaitProbe {
  readiness: Readiness;
  /** Pods to explain on timeout. */
  pods?: { namespace: string; labelSelector: string } | undefined;
  /** Namespace and name prefix of events to show on timeout. */
  events?: { namespace: string; namePrefix: string } | undefined;
  /** Extra detail lines (e.g. not-ready nodes). */
  details?: string[] | undefined;
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

/** Puts a fresh timeout signal on every request of a client. */
function requestTimeoutMiddleware(timeoutMs: number): Middleware {
  return {
    pre: async (context: RequestContext) => {
      context.setSignal(AbortSignal.timeout(timeoutMs));
      return context;
    },
    post: async (context: ResponseContext) => context,
  };
}

/** Loads one kubeconfig file, or a `:`-separated list merged like kubectl does. */
function loadKubeConfig(kubeconfigPath: string, context: string | null | undefined): KubeConfig {
  const kc = new KubeConfig();
  const files = kubeconfigPath.split(delimiter).filter((f) => f);
  const [first, ...rest] = files;
  if (!first) throw new HarnessError('USAGE', 'no kubeconfig file given');
  try {
    kc.loadFromFile(first);
    for (const file of rest) {
      const other = new KubeConfig();
      other.loadFromFile(file);
      kc.mergeConfig(other, true);
    }
  } catch (err) {
    throw new HarnessError('CONFIG_INVALID', `cannot load kubeconfig ${kubeconfigPath}: ${(err as Error).message}`, { cause: err });
  }
  if (context) {
    if (!kc.getContextObject(context)) {
      throw new HarnessError('USAGE', `context "${context}" is not in ${kubeconfigPath}`, {
        hint: `known contexts: ${kc.getContexts().map((c) => c.name).join(', ') || '(none)'}`,
      });
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) {
    throw new HarnessError('CONFIG_INVALID', `kubeconfig ${kubeconfigPath} has no current context with a cluster`, {
      hint: 'pass --context NAME',
    });
  }
  return kc;
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
        last = await this.probe(condition);
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

  private async probe(condition: WaitCondition): Promise<WaitProbe> {
    switch (condition.type) {
      case 'nodes-ready': {
        const nodes = (await this.core.listNode()).items;
        const notReady = nodes.filter((n) => !nodeIsReady(n));
        const ready = nodes.length - notReady.length;
        return {
          readiness: { done: ready >= condition.count, status: `${ready}/${condition.count} nodes Ready` },
          details: notReady.map((n) => {
            const c = n.status?.conditions?.find((x) => x.type === 'Ready');
            return `node ${n.metadata?.name}: ${c?.reason ?? 'NotReady'}${c?.message ? ` (${c.message})` : ''}`;
          }),
        };
      }
      case 'rollout': {
        const { namespace, name } = condition;
        const events = { namespace, namePrefix: name };
        const read = async () => {
          if (condition.workloadKind === 'Deployment') {
            const d = await this.apps.readNamespacedDeployment({ name, namespace });
            return { readiness: deploymentReadiness(d), matchLabels: d.spec?.selector.matchLabels };
          }
          if (condition.workloadKind === 'DaemonSet') {
            const ds = await this.apps.readNamespacedDaemonSet({ name, namespace });
            return { readiness: daemonSetReadiness(ds), matchLabels: ds.spec?.selector.matchLabels };
          }
          const ss = await this.apps.readNamespacedStatefulSet({ name, namespace });
          return { readiness: statefulSetReadiness(ss), matchLabels: ss.spec?.selector.matchLabels };
        };
        try {
          const { readiness, matchLabels } = await read();
          return { readiness, pods: { namespace, labelSelector: labelSelectorOf(matchLabels) }, events };
        } catch (err) {
          if (apiStatusCode(err) === 404) return { readiness: { done: false, status: `${condition.workloadKind} not found yet` }, events };
          throw err;
        }
      }
      case 'pods-ready': {
        const pods = (await this.core.listNamespacedPod({ namespace: condition.namespace, labelSelector: condition.labelSelector })).items;
        const running = pods.filter((p) => p.status?.phase !== 'Succeeded');
        const ready = running.filter(podIsReady).length;
        return {
          readiness: { done: running.length > 0 && ready === running.length, status: `${ready}/${running.length} pods ready` },
          pods: { namespace: condition.namespace, labelSelector: condition.labelSelector },
          events: { namespace: condition.namespace, namePrefix: '' },
        };
      }
      case 'job-complete': {
        const { namespace, name } = condition;
        const pods = { namespace, labelSelector: `job-name=${name}` };
        const events = { namespace, namePrefix: name };
        try {
          const job = await this.batch.readNamespacedJob({ name, namespace });
          return { readiness: jobReadiness(job), pods, events };
        } catch (err) {
          if (apiStatusCode(err) === 404) return { readiness: { done: false, status: 'Job not found yet' }, pods, events };
          throw err;
        }
      }
      case 'crd-established': {
        try {
          const crd = await this.apiextensions.readCustomResourceDefinition({ name: condition.name });
          return { readiness: crdReadiness(crd) };
        } catch (err) {
          if (apiStatusCode(err) === 404) return { readiness: { done: false, status: 'CRD not found yet' } };
          throw err;
        }
      }
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

/** The API server address a kubeconfig (and context) points at, for messages. */
export function kubeServerAddress(kubeconfigPath: string, context?: string | null): string {
  return loadKubeConfig(kubeconfigPath, context).getCurrentCluster()?.server ?? '(unknown)';
}
