/**
 * A loopback HTTP server that answers like the Kubernetes API server for the calls meshbench
 * makes (client-node 1.4 and raw GETs): discovery, server-side apply, reads and lists with label
 * and field selectors, pod logs, events, namespace deletion, and the kubelet Summary API through
 * the node proxy. Tiny controllers make applied objects come alive at once: Deployments,
 * DaemonSets and StatefulSets get running, ready pods on nodes chosen by nodeSelector/affinity;
 * Jobs get a pod whose outcome and log a hook decides; CRDs register their resources. Every
 * request is recorded. Behaviour hooks let tests make pods never ready, or agents fail or hang.
 *
 * The fake kind (test/fixtures/bin/kind) sets the nodes from the kind config through
 * `POST /fake/nodes`, so node labels come from the config meshbench generated.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AGENT_SPEC_ENV, type AgentEvent, type AgentResult, type AgentSpec } from '../../src/plan/agent-protocol.ts';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../../src/stats/latency-histogram.ts';

/** A JSON object as stored. */
export type Obj = Record<string, unknown>;

/** One recorded request. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string;
  body: unknown;
  authorization: string | undefined;
}

/** A node of the fake cluster. */
export interface FakeNode {
  name: string;
  labels?: Record<string, string>;
  ready?: boolean;
  controlPlane?: boolean;
}

/** What a Job's pod does. */
export interface JobOutcome {
  phase: 'Succeeded' | 'Failed' | 'Running';
  /** Log of the job's first container; a function gets the completion time (epoch ms). */
  log: string | ((finishedAtMs: number) => string);
  /** Stay Running this long before reaching `phase` (the pod is metered meanwhile). */
  afterMs?: number;
}

/** Why a pod stays unready (e.g. `{ reason: 'ErrImageNeverPull', message: '…' }`). */
export interface PodTrouble {
  reason: string;
  message: string;
}

/** Options of {@link FakeKubeApi.start}. */
export interface FakeKubeApiOptions {
  nodes?: FakeNode[];
  gitVersion?: string;
  /** Outcome of a Job's pod; default: succeeded with an empty log. */
  jobOutcome?: (job: Obj, env: Record<string, string>) => JobOutcome;
  /** Return trouble to keep a pod from ever becoming ready. */
  podTrouble?: (pod: Obj) => PodTrouble | null;
  /** CPU cores a container uses (drives usageCoreNanoSeconds); default by name. */
  containerCores?: (container: string) => number;
  /** Called after every apply, for extra controllers (mesh objects). */
  onApply?: (object: Obj, api: FakeKubeApi) => void;
  /**
   * Simulates cAdvisor's cache: counters are refreshed only every this many ms and served with
   * the refresh time as their `time` (default 0: fresh on every read).
   */
  summaryRefreshMs?: number;
}

interface ResourceInfo {
  groupVersion: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const BUILTIN: ResourceInfo[] = [
  { groupVersion: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false },
  { groupVersion: 'v1', plural: 'nodes', kind: 'Node', namespaced: false },
  { groupVersion: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  { groupVersion: 'v1', plural: 'services', kind: 'Service', namespaced: true },
  { groupVersion: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { groupVersion: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true },
  { groupVersion: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { groupVersion: 'v1', plural: 'events', kind: 'Event', namespaced: true },
  { groupVersion: 'v1', plural: 'endpoints', kind: 'Endpoints', namespaced: true },
  { groupVersion: 'apps/v1', plural: 'deployments', kind: 'Deployment', namespaced: true },
  { groupVersion: 'apps/v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  { groupVersion: 'apps/v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  { groupVersion: 'apps/v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  { groupVersion: 'batch/v1', plural: 'jobs', kind: 'Job', namespaced: true },
  { groupVersion: 'apiextensions.k8s.io/v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false },
  { groupVersion: 'rbac.authorization.k8s.io/v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  { groupVersion: 'rbac.authorization.k8s.io/v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
];

function obj(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}

function arr(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function labelsOf(o: Obj): Record<string, string> {
  return obj(obj(o['metadata'])['labels']) as Record<string, string>;
}

function nameOf(o: Obj): string {
  return str(obj(o['metadata'])['name']) ?? '';
}

function namespaceOf(o: Obj): string | undefined {
  return str(obj(o['metadata'])['namespace']);
}

/** Matches `a=b,c!=d,e` (equality, inequality, existence) against labels. */
export function matchesLabelSelector(labels: Record<string, string>, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .every((term) => {
      const ne = term.split('!=');
      if (ne.length === 2) return labels[ne[0] ?? ''] !== ne[1];
      const eq = term.split(/==?/);
      if (eq.length === 2) return labels[eq[0] ?? ''] === eq[1];
      if (term.startsWith('!')) return !(term.slice(1) in labels);
      return term in labels;
    });
}

function fieldValue(o: Obj, path: string): string | undefined {
  let cur: unknown = o;
  for (const part of path.split('.')) cur = obj(cur)[part];
  return typeof cur === 'string' ? cur : undefined;
}

function rand5(): string {
  return randomUUID().replace(/-/g, '').slice(0, 5);
}

function defaultCores(container: string): number {
  if (container === 'order-service') return 0.25;
  if (container === 'agent') return 0.5;
  if (container.includes('proxy') || container.includes('envoy') || container.includes('ztunnel')) return 0.1;
  return 0.02;
}

/** The fake API server. */
export class FakeKubeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly store = new Map<string, Obj>();
  private readonly resources: ResourceInfo[] = [...BUILTIN];
  private readonly logs = new Map<string, string>();
  private readonly terminating = new Map<string, number>();
  private resourceVersion = 1;
  private readonly startedAtMs = Date.now();
  private server: Server | undefined;
  private readonly options: FakeKubeApiOptions;
  url = '';

  private constructor(options: FakeKubeApiOptions) {
    this.options = options;
  }

  /** Starts a server on 127.0.0.1 (random port). */
  static async start(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
    const api = new FakeKubeApi(options);
    api.setNodes(
      options.nodes ?? [
        { name: 'kind-control-plane', controlPlane: true },
        { name: 'kind-worker', labels: { 'meshbench.io/role': 'server' } },
        { name: 'kind-worker2', labels: { 'meshbench.io/role': 'client' } },
      ],
    );
    api.server = createServer((req, res) => {
      api.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => api.server?.listen(0, '127.0.0.1', resolve));
    api.url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    return api;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Writes a kubeconfig pointing at this server (plain http needs insecure-skip-tls-verify). */
  writeKubeconfig(path: string, contextName = 'kind-fake'): void {
    const text = [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${contextName}`,
      'clusters:',
      `- name: ${contextName}`,
      '  cluster:',
      `    server: ${this.url}`,
      '    insecure-skip-tls-verify: true',
      'contexts:',
      `- name: ${contextName}`,
      '  context:',
      `    cluster: ${contextName}`,
      `    user: ${contextName}`,
      'users:',
      `- name: ${contextName}`,
      '  user:',
      '    token: fake-token',
      '',
    ].join('\n');
    writeFileSync(path, text, { mode: 0o600 });
    chmodSync(path, 0o600);
  }

  /** Replaces the nodes. */
  setNodes(nodes: readonly FakeNode[]): void {
    for (const key of [...this.store.keys()]) if (key.startsWith('v1|nodes|')) this.store.delete(key);
    for (const n of nodes) {
      const labels: Record<string, string> = { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', ...(n.labels ?? {}) };
      if (n.controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
      this.put({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: n.name, labels },
        spec: n.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
        status: {
          conditions: [
            {
              type: 'Ready',
              status: n.ready === false ? 'False' : 'True',
              reason: n.ready === false ? 'KubeletNotReady' : 'KubeletReady',
              message: n.ready === false ? 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' : 'kubelet is posting ready status',
            },
          ],
          nodeInfo: { kubeletVersion: this.options.gitVersion ?? 'v1.34.0', containerRuntimeVersion: 'containerd://2.1.3' },
        },
      });
    }
  }

  /** Adds a resource kind (CRDs do this themselves when applied). */
  registerResource(info: ResourceInfo): void {
    if (!this.resources.some((r) => r.groupVersion === info.groupVersion && r.kind === info.kind)) this.resources.push(info);
  }

  /** Every stored object of a kind (optionally in a namespace). */
  objects(kind: string, namespace?: string): Obj[] {
    return [...this.store.values()].filter((o) => o['kind'] === kind && (namespace === undefined || namespaceOf(o) === namespace));
  }

  /** One stored object, or undefined. */
  object(kind: string, name: string, namespace?: string): Obj | undefined {
    return this.objects(kind, namespace).find((o) => nameOf(o) === name);
  }

  /** Sets the log of a pod's container. */
  setPodLog(namespace: string, pod: string, container: string, text: string): void {
    this.logs.set(`${namespace}/${pod}/${container}`, text);
  }

  /** Records an event about an object. */
  addEvent(options: { namespace: string; kind: string; name: string; reason: string; message: string; type?: 'Normal' | 'Warning' }): void {
    const at = new Date().toISOString();
    this.put({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${options.name}.${rand5()}${rand5()}`, namespace: options.namespace },
      involvedObject: { kind: options.kind, name: options.name, namespace: options.namespace },
      reason: options.reason,
      message: options.message,
      type: options.type ?? 'Normal',
      count: 1,
      firstTimestamp: at,
      lastTimestamp: at,
      source: { component: 'fake-kube-api' },
    });
  }

  private resourceFor(groupVersion: string, plural: string): ResourceInfo | undefined {
    return this.resources.find((r) => r.groupVersion === groupVersion && r.plural === plural);
  }

  private resourceOfObject(o: Obj): ResourceInfo | undefined {
    return this.resources.find((r) => r.groupVersion === o['apiVersion'] && r.kind === o['kind']);
  }

  private key(info: ResourceInfo, namespace: string | undefined, name: string): string {
    return `${info.groupVersion}|${info.plural}|${info.namespaced ? (namespace ?? '') : ''}|${name}`;
  }

  private put(o: Obj): Obj {
    const info = this.resourceOfObject(o);
    if (!info) throw new Error(`no resource for ${String(o['apiVersion'])} ${String(o['kind'])}`);
    const meta = obj(o['metadata']);
    meta['uid'] ??= randomUUID();
    meta['creationTimestamp'] ??= new Date().toISOString();
    meta['resourceVersion'] = String(this.resourceVersion++);
    o['metadata'] = meta;
    this.store.set(this.key(info, namespaceOf(o), nameOf(o)), o);
    return o;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text.
    }
    const method = req.method ?? 'GET';
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: req.headers['content-type'] ?? '',
      body,
      authorization: req.headers.authorization,
    });
    const send = (status: number, payload: unknown, contentType = 'application/json') => {
      res.statusCode = status;
      res.setHeader('content-type', contentType);
      res.end(typeof payload === 'string' && contentType !== 'application/json' ? payload : JSON.stringify(payload));
    };
    const path = url.pathname;
    if (path === '/fake/nodes' && method === 'POST') {
      this.setNodes(arr(obj(body)['nodes']) as unknown as FakeNode[]);
      return send(200, { ok: true });
    }
    if (path === '/version') {
      const gitVersion = this.options.gitVersion ?? 'v1.34.0';
      const [, major = '1', minor = '34'] = /v(\d+)\.(\d+)/.exec(gitVersion) ?? [];
      return send(200, { major, minor, gitVersion, gitCommit: 'f28b4c9efbca5c5c0af716d9f2d5702667ee8a45', gitTreeState: 'clean', buildDate: '2025-08-27T10:15:35Z', goVersion: 'go1.24.6', compiler: 'gc', platform: 'linux/amd64' });
    }
    if (path === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (path === '/apis') {
      const groups = [...new Set(this.resources.map((r) => r.groupVersion).filter((gv) => gv.includes('/')))];
      return send(200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((gv) => ({ name: gv.split('/')[0], versions: [{ groupVersion: gv, version: gv.split('/')[1] }], preferredVersion: { groupVersion: gv, version: gv.split('/')[1] } })),
      });
    }
    const match = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))(?:\/(.*))?$/.exec(path);
    if (!match) return send(404, this.status(404, 'NotFound', `the server could not find the requested resource`));
    const groupVersion = match[1] ?? match[2] ?? '';
    const rest = (match[3] ?? '').split('/').filter(Boolean);
    if (rest.length === 0) {
      const resources = this.resources.filter((r) => r.groupVersion === groupVersion);
      if (resources.length === 0) return send(404, this.status(404, 'NotFound', 'the server could not find the requested resource'));
      return send(200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion,
        resources: resources.map((r) => ({ name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] })),
      });
    }
    let namespace: string | undefined;
    let segments = rest;
    if (rest[0] === 'namespaces' && rest.length >= 3 && this.resourceFor(groupVersion, rest[2] ?? '')?.namespaced) {
      namespace = rest[1];
      segments = rest.slice(2);
    }
    const [plural = '', name, sub, ...subRest] = segments;
    const info = this.resourceFor(groupVersion, plural);
    if (!info) return send(404, this.status(404, 'NotFound', 'the server could not find the requested resource'));
    if (sub === 'log' && plural === 'pods' && name && namespace) {
      const pod = this.store.get(this.key(info, namespace, name));
      if (!pod) return send(404, this.status(404, 'NotFound', `pods "${name}" not found`));
      const container = url.searchParams.get('container') ?? str(arr(obj(pod['spec'])['containers'])[0]?.['name']) ?? '';
      return send(200, this.logs.get(`${namespace}/${name}/${container}`) ?? '', 'text/plain');
    }
    if (sub === 'proxy' && plural === 'nodes' && name) {
      if (subRest.join('/') === 'stats/summary') return send(200, this.summary(name));
      return send(404, this.status(404, 'NotFound', 'no such kubelet path'));
    }
    if (method === 'GET' && name) {
      const key = this.key(info, namespace, name);
      const found = this.store.get(key);
      if (found && plural === 'namespaces' && this.terminating.has(name)) {
        const left = (this.terminating.get(name) ?? 1) - 1;
        if (left < 0) {
          this.removeNamespace(name);
          return send(404, this.notFound(info, name));
        }
        this.terminating.set(name, left);
        obj(found['status'])['phase'] = 'Terminating';
      }
      return found ? send(200, found) : send(404, this.notFound(info, name));
    }
    if (method === 'GET') {
      const selector = url.searchParams.get('labelSelector') ?? undefined;
      const fieldSelector = url.searchParams.get('fieldSelector') ?? undefined;
      const items = [...this.store.values()].filter((o) => {
        if (this.resourceOfObject(o) !== info) return false;
        if (namespace !== undefined && namespaceOf(o) !== namespace) return false;
        if (!matchesLabelSelector(labelsOf(o), selector)) return false;
        if (fieldSelector) {
          for (const term of fieldSelector.split(',')) {
            const [field = '', value] = term.split('=');
            if (fieldValue(o, field) !== value) return false;
          }
        }
        return true;
      });
      return send(200, { kind: `${info.kind}List`, apiVersion: groupVersion, metadata: { resourceVersion: String(this.resourceVersion) }, items });
    }
    if ((method === 'PATCH' || method === 'POST' || method === 'PUT') && (name || method === 'POST')) {
      const incoming = obj(body);
      const objectName = name ?? nameOf(incoming);
      const key = this.key(info, namespace, objectName);
      const existing = this.store.get(key);
      const meta = { ...obj(incoming['metadata']), name: objectName, ...(info.namespaced ? { namespace } : {}) };
      const generation = Number(obj(existing?.['metadata'])['generation'] ?? 0) + 1;
      const manager = url.searchParams.get('fieldManager') ?? 'unknown';
      const merged: Obj = {
        ...incoming,
        apiVersion: info.groupVersion,
        kind: info.kind,
        metadata: { ...meta, uid: obj(existing?.['metadata'])['uid'], generation, managedFields: [{ manager, operation: method === 'PATCH' ? 'Apply' : 'Update' }] },
        status: existing?.['status'] ?? {},
      };
      if (info.namespaced && namespace && !this.store.has(`v1|namespaces||${namespace}`)) {
        return send(404, this.status(404, 'NotFound', `namespaces "${namespace}" not found`));
      }
      const stored = this.put(merged);
      this.reconcile(stored);
      this.options.onApply?.(stored, this);
      return send(existing ? 200 : 201, this.store.get(key) ?? stored);
    }
    if (method === 'DELETE' && name) {
      const key = this.key(info, namespace, name);
      const found = this.store.get(key);
      if (!found) return send(404, this.notFound(info, name));
      if (plural === 'namespaces') {
        this.terminating.set(name, 1);
        obj(found['status'])['phase'] = 'Terminating';
        return send(200, found);
      }
      this.store.delete(key);
      return send(200, this.status(200, 'Success', 'deleted'));
    }
    return send(405, this.status(405, 'MethodNotAllowed', `${method} is not supported here`));
  }

  private status(code: number, reason: string, message: string): Obj {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: code < 400 ? 'Success' : 'Failure', message, reason, code };
  }

  private notFound(info: ResourceInfo, name: string): Obj {
    const group = info.groupVersion.includes('/') ? `.${info.groupVersion.split('/')[0]}` : '';
    return { ...this.status(404, 'NotFound', `${info.plural}${group} "${name}" not found`), details: { name, kind: info.plural } };
  }

  private removeNamespace(name: string): void {
    this.terminating.delete(name);
    for (const [key, o] of [...this.store]) {
      if (namespaceOf(o) === name || (o['kind'] === 'Namespace' && nameOf(o) === name)) this.store.delete(key);
    }
  }

  /** Picks a node like the scheduler would for the fields the harness sets. */
  private schedule(podSpec: Obj, namespace: string): string | null {
    const workers = this.objects('Node').filter((n) => !('node-role.kubernetes.io/control-plane' in labelsOf(n)));
    const selector = obj(podSpec['nodeSelector']) as Record<string, string>;
    let candidates = workers.filter((n) => Object.entries(selector).every(([k, v]) => labelsOf(n)[k] === v));
    const affinity = obj(podSpec['affinity']);
    const podsOn = (term: Obj) => {
      const wanted = obj(obj(term['labelSelector'])['matchLabels']) as Record<string, string>;
      return new Set(
        this.objects('Pod', namespace)
          .filter((p) => Object.entries(wanted).every(([k, v]) => labelsOf(p)[k] === v))
          .map((p) => str(obj(p['spec'])['nodeName']))
          .filter((n): n is string => n !== undefined),
      );
    };
    for (const term of arr(obj(affinity['podAntiAffinity'])['requiredDuringSchedulingIgnoredDuringExecution'])) {
      const taken = podsOn(term);
      candidates = candidates.filter((n) => !taken.has(nameOf(n)));
    }
    for (const term of arr(obj(affinity['podAffinity'])['requiredDuringSchedulingIgnoredDuringExecution'])) {
      const wanted = podsOn(term);
      if (wanted.size > 0) candidates = candidates.filter((n) => wanted.has(nameOf(n)));
    }
    return candidates[0] ? nameOf(candidates[0]) : null;
  }

  /** Creates a pod from a template; returns it. */
  private createPod(options: { namespace: string; name: string; template: Obj; owner: Obj; phase?: 'Running' | 'Succeeded' | 'Failed' }): Obj {
    const { namespace, name, template, owner } = options;
    const spec = structuredClone(obj(template['spec']));
    const labels = { ...(obj(obj(template['metadata'])['labels']) as Record<string, string>) };
    const nodeName = this.schedule(spec, namespace);
    const containers = arr(spec['containers']);
    const sidecars = arr(spec['initContainers']).filter((c) => c['restartPolicy'] === 'Always');
    const pod: Obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels, annotations: obj(obj(template['metadata'])['annotations']), ownerReferences: [{ kind: owner['kind'], name: nameOf(owner) }] },
      spec: { ...spec, ...(nodeName ? { nodeName } : {}) },
      status: {},
    };
    const trouble = nodeName ? this.options.podTrouble?.(pod) ?? null : { reason: 'Unschedulable', message: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn\'t match Pod\'s node affinity/selector.' };
    const now = new Date().toISOString();
    const phase = trouble ? 'Pending' : (options.phase ?? 'Running');
    const ready = !trouble && phase === 'Running';
    const containerStatus = (c: Obj) => ({
      name: c['name'],
      image: c['image'],
      ready,
      restartCount: 0,
      started: !trouble,
      state: trouble
        ? { waiting: { reason: trouble.reason, message: trouble.message } }
        : phase === 'Running'
          ? { running: { startedAt: now } }
          : { terminated: { exitCode: phase === 'Succeeded' ? 0 : 1, reason: phase === 'Succeeded' ? 'Completed' : 'Error', startedAt: now, finishedAt: now } },
    });
    pod['status'] = {
      phase,
      startTime: now,
      hostIP: nodeName ? '172.18.0.3' : undefined,
      podIP: nodeName ? `10.244.1.${Math.floor(Math.random() * 200) + 2}` : undefined,
      conditions: [
        { type: 'PodScheduled', status: nodeName ? 'True' : 'False', ...(nodeName ? {} : { reason: 'Unschedulable', message: trouble?.message }) },
        { type: 'Ready', status: ready ? 'True' : 'False' },
        { type: 'ContainersReady', status: ready ? 'True' : 'False' },
      ],
      // An unscheduled pod has no container statuses yet.
      ...(nodeName ? { containerStatuses: containers.map(containerStatus) } : {}),
      ...(nodeName && sidecars.length ? { initContainerStatuses: sidecars.map(containerStatus) } : {}),
    };
    this.put(pod);
    if (nodeName) {
      this.addEvent({ namespace, kind: 'Pod', name, reason: 'Scheduled', message: `Successfully assigned ${namespace}/${name} to ${nodeName}` });
    } else {
      this.addEvent({ namespace, kind: 'Pod', name, reason: 'FailedScheduling', message: trouble?.message ?? '', type: 'Warning' });
    }
    if (nodeName && trouble) {
      this.addEvent({ namespace, kind: 'Pod', name, reason: trouble.reason === 'ErrImageNeverPull' ? 'ErrImageNeverPull' : 'Failed', message: trouble.message, type: 'Warning' });
    }
    if (nodeName && !trouble) {
      for (const c of containers) {
        this.addEvent({ namespace, kind: 'Pod', name, reason: 'Pulled', message: `Container image "${String(c['image'])}" already present on machine` });
        this.addEvent({ namespace, kind: 'Pod', name, reason: 'Started', message: `Started container ${String(c['name'])}` });
      }
    }
    return pod;
  }

  private deletePodsOwnedBy(owner: Obj): void {
    for (const pod of this.objects('Pod', namespaceOf(owner))) {
      const refs = arr(obj(pod['metadata'])['ownerReferences']);
      if (refs.some((r) => r['kind'] === owner['kind'] && r['name'] === nameOf(owner))) {
        const info = this.resourceOfObject(pod);
        if (info) this.store.delete(this.key(info, namespaceOf(pod), nameOf(pod)));
      }
    }
  }

  private reconcile(o: Obj): void {
    const kind = o['kind'];
    const namespace = namespaceOf(o) ?? '';
    const spec = obj(o['spec']);
    const generation = obj(o['metadata'])['generation'];
    if (kind === 'Namespace') {
      o['status'] = { phase: 'Active' };
    } else if (kind === 'Deployment' || kind === 'StatefulSet') {
      this.deletePodsOwnedBy(o);
      const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
      const hash = rand5();
      let ready = 0;
      for (let i = 0; i < replicas; i++) {
        const podName = kind === 'StatefulSet' ? `${nameOf(o)}-${i}` : `${nameOf(o)}-${hash}5d9f-${rand5()}`;
        const pod = this.createPod({ namespace, name: podName, template: obj(spec['template']), owner: o });
        if (obj(pod['status'])['phase'] === 'Running') {
          ready++;
          const container = str(arr(obj(pod['spec'])['containers'])[0]?.['name']) ?? '';
          if (container === 'order-service') {
            this.setPodLog(namespace, podName, container, `${JSON.stringify({ type: 'listening', port: 8080, service: nameOf(o), pid: 1 })}\n`);
          }
        }
      }
      this.addEvent({ namespace, kind: 'ReplicaSet', name: `${nameOf(o)}-${hash}5d9f`, reason: 'SuccessfulCreate', message: `Created pod: ${nameOf(o)}-${hash}5d9f-xxxxx` });
      o['status'] =
        kind === 'Deployment'
          ? {
              observedGeneration: generation,
              replicas,
              updatedReplicas: replicas,
              readyReplicas: ready,
              availableReplicas: ready,
              ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
              conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
            }
          : { observedGeneration: generation, replicas, readyReplicas: ready, updatedReplicas: replicas, currentRevision: 'r1', updateRevision: 'r1' };
    } else if (kind === 'DaemonSet') {
      this.deletePodsOwnedBy(o);
      const template = obj(spec['template']);
      const selector = obj(obj(template['spec'])['nodeSelector']) as Record<string, string>;
      const nodes = this.objects('Node').filter((n) => Object.entries(selector).every(([k, v]) => labelsOf(n)[k] === v));
      let ready = 0;
      for (const node of nodes) {
        const pinned = { ...template, spec: { ...obj(template['spec']), nodeSelector: { 'kubernetes.io/hostname': nameOf(node) } } };
        const pod = this.createPod({ namespace, name: `${nameOf(o)}-${rand5()}`, template: pinned, owner: o });
        if (obj(pod['status'])['phase'] === 'Running') ready++;
      }
      o['status'] = { observedGeneration: generation, desiredNumberScheduled: nodes.length, currentNumberScheduled: nodes.length, updatedNumberScheduled: nodes.length, numberReady: ready, numberAvailable: ready };
    } else if (kind === 'Job') {
      const template = obj(spec['template']);
      const container = arr(obj(template['spec'])['containers'])[0] ?? {};
      const containerName = str(container['name']) ?? '';
      const env = Object.fromEntries(arr(container['env']).map((e) => [str(e['name']) ?? '', str(e['value']) ?? '']));
      const outcome = this.options.jobOutcome?.(o, env) ?? { phase: 'Succeeded', log: '' };
      const podName = `${nameOf(o)}-${rand5()}`;
      const uid = str(obj(o['metadata'])['uid']) ?? '';
      const withJobLabels = { ...template, metadata: { ...obj(template['metadata']), labels: { ...(obj(obj(template['metadata'])['labels']) as Record<string, string>), 'job-name': nameOf(o), 'batch.kubernetes.io/job-name': nameOf(o), 'controller-uid': uid } } };
      const delayed = (outcome.afterMs ?? 0) > 0 && outcome.phase !== 'Running';
      const pod = this.createPod({ namespace, name: podName, template: withJobLabels, owner: o, phase: delayed ? 'Running' : outcome.phase });
      const finish = () => {
        const podPhase = obj(pod['status'])['phase'] === 'Pending' ? 'Pending' : outcome.phase;
        const now = new Date().toISOString();
        this.setPodLog(namespace, podName, containerName, typeof outcome.log === 'function' ? outcome.log(Date.now()) : outcome.log);
        if (podPhase === 'Succeeded' || podPhase === 'Failed') {
          const status = obj(pod['status']);
          status['phase'] = podPhase;
          status['conditions'] = [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False', reason: 'PodCompleted' }];
          status['containerStatuses'] = [
            { name: containerName, ready: false, restartCount: 0, state: { terminated: { exitCode: podPhase === 'Succeeded' ? 0 : 1, reason: podPhase === 'Succeeded' ? 'Completed' : 'Error', finishedAt: now } } },
          ];
        }
        if (podPhase === 'Succeeded') {
          o['status'] = { startTime: now, completionTime: now, succeeded: 1, ready: 0, conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] };
          this.addEvent({ namespace, kind: 'Job', name: nameOf(o), reason: 'Completed', message: 'Job completed' });
        } else if (podPhase === 'Failed') {
          o['status'] = { startTime: now, failed: 1, conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] };
          this.addEvent({ namespace, kind: 'Job', name: nameOf(o), reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', type: 'Warning' });
        } else {
          o['status'] = { startTime: now, active: 1, ready: podPhase === 'Running' ? 1 : 0 };
        }
      };
      if (delayed) {
        o['status'] = { startTime: new Date().toISOString(), active: 1, ready: 1 };
        setTimeout(finish, outcome.afterMs).unref();
      } else {
        finish();
      }
    } else if (kind === 'CustomResourceDefinition') {
      const names = obj(spec['names']);
      for (const v of arr(spec['versions'])) {
        this.registerResource({
          groupVersion: `${String(spec['group'])}/${String(v['name'])}`,
          plural: str(names['plural']) ?? '',
          kind: str(names['kind']) ?? '',
          namespaced: spec['scope'] === 'Namespaced',
        });
      }
      o['status'] = { conditions: [{ type: 'NamesAccepted', status: 'True' }, { type: 'Established', status: 'True' }], acceptedNames: names };
    } else if (kind === 'Pod') {
      const created = this.createPod({ namespace, name: nameOf(o), template: o, owner: o });
      o['spec'] = created['spec'];
      o['status'] = created['status'];
    }
  }

  /** The kubelet Summary API of a node: counters grow with time at each container's rate. */
  private summary(nodeName: string): Obj {
    const refresh = this.options.summaryRefreshMs ?? 0;
    const nowMs = refresh > 0 ? Date.now() - (Date.now() % refresh) : Date.now();
    const time = new Date(nowMs).toISOString();
    const cores = this.options.containerCores ?? defaultCores;
    const pods = this.objects('Pod').filter((p) => obj(p['spec'])['nodeName'] === nodeName && obj(p['status'])['phase'] === 'Running');
    // Node counters are cumulative over all of the node's cgroups: monotonic, ~0.8 cores busy.
    const nodeNanos = 3.2e12 + (nowMs - this.startedAtMs) * 0.8e6;
    const podStats = pods.map((p) => {
      const started = Date.parse(str(obj(p['status'])['startTime']) ?? time);
      const spec = obj(p['spec']);
      const names = [...arr(spec['initContainers']).filter((c) => c['restartPolicy'] === 'Always'), ...arr(spec['containers'])].map((c) => str(c['name']) ?? '');
      const containers = names.map((name) => {
        const used = Math.max(0, nowMs - started) * 1e6 * cores(name) + 5e8;
        return {
          name,
          startTime: new Date(started).toISOString(),
          cpu: { time, usageNanoCores: Math.round(cores(name) * 1e9), usageCoreNanoSeconds: Math.round(used) },
          memory: { time, usageBytes: 61_000_000, workingSetBytes: 48_000_000 + name.length * 1_000_000, rssBytes: 40_000_000, pageFaults: 12_000, majorPageFaults: 3 },
        };
      });
      return {
        podRef: { name: nameOf(p), namespace: namespaceOf(p), uid: obj(p['metadata'])['uid'] },
        startTime: new Date(started).toISOString(),
        containers,
        cpu: { time, usageNanoCores: 1, usageCoreNanoSeconds: 1 },
        memory: { time, workingSetBytes: 1 },
      };
    });
    return {
      node: {
        nodeName,
        systemContainers: [{ name: 'kubelet', startTime: time, cpu: { time, usageNanoCores: 30_000_000, usageCoreNanoSeconds: 9e10 }, memory: { time, workingSetBytes: 60_000_000 } }],
        startTime: '2026-11-26T12:00:00Z',
        cpu: { time, usageNanoCores: 800_000_000, usageCoreNanoSeconds: Math.round(nodeNanos) },
        memory: { time, availableBytes: 20_000_000_000, usageBytes: 3_000_000_000, workingSetBytes: 2_100_000_000, rssBytes: 1_200_000_000 },
      },
      pods: podStats,
    };
  }
}

/** Options of {@link agentJobOutcome}. */
export interface FakeAgentOptions {
  /** Median latency of the fake service, µs; default 900. */
  medianLatencyUs?: number;
  /** Fraction of requests answered 503; default 0. */
  errorFraction?: number;
  /** Make the agent fail (prints an error line, exits 1). */
  fail?: string;
  /** Never finish (the pod keeps running). */
  hang?: boolean;
}

/**
 * The outcome of a load-agent Job in the fake cluster: the pod runs for the spec's start delay +
 * warm-up + window, then prints window events and a result line built with the real histogram
 * code (a deterministic spread of latencies around the median), last, as the real agent does.
 */
export function agentJobOutcome(options: FakeAgentOptions = {}): (job: Obj, env: Record<string, string>) => JobOutcome {
  return (_job, env) => {
    const spec = JSON.parse(env[AGENT_SPEC_ENV] ?? '{}') as AgentSpec;
    if (options.hang) return { phase: 'Running', log: '' };
    const afterMs = Math.max(0, spec.startAtMs - Date.now()) + spec.warmupMs + spec.durationMs;
    if (options.fail) {
      return { phase: 'Failed', afterMs: 10, log: `${JSON.stringify({ type: 'error', message: options.fail })}\n` };
    }
    return {
      phase: 'Succeeded',
      afterMs,
      log: (finishedAtMs) => {
        const windowEndMs = finishedAtMs;
        const windowStartMs = windowEndMs - spec.durationMs;
        const count = Math.round((spec.rps * spec.durationMs) / 1000);
        const latency = createLatencyHistogram();
        const service = createLatencyHistogram();
        const lag = createLatencyHistogram();
        const median = options.medianLatencyUs ?? 900;
        let errors = 0;
        for (let i = 0; i < count; i++) {
          const u = (i * 0.6180339887) % 1;
          const value = median * Math.exp((u - 0.5) * 1.2) * (i % 97 === 0 ? 4 : 1);
          recordLatencyUs(latency, value + 15);
          recordLatencyUs(service, value);
          recordLatencyUs(lag, 5 + (i % 40));
          if (options.errorFraction && u < options.errorFraction) errors++;
        }
        const result: AgentResult = {
          agentIndex: spec.agentIndex,
          engine: spec.engine,
          arrival: spec.engine === 'closed' ? 'closed-loop' : spec.arrival,
          connections: spec.connections,
          targetRps: spec.rps,
          windowStartMs,
          windowEndMs,
          durationMs: spec.durationMs,
          scheduled: count,
          sent: count,
          completed: count,
          ok: count - errors,
          errors,
          dropped: 0,
          statusCounts: errors ? { '200': count - errors, '503': errors } : { '200': count },
          errorCounts: {},
          histograms: { latencyUs: encodeHistogram(latency), serviceTimeUs: encodeHistogram(service), schedulerLagUs: encodeHistogram(lag) },
          lateSends: 0,
          cpuCoreSeconds: (0.05 * spec.durationMs) / 1000,
          // An https:// target: what the real agent reports (test/e2e/local-run-https.test.ts runs it).
          ...(spec.targetUrl.startsWith('https:') ? { tls: { version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', handshakes: spec.connections, resumedSessions: 0 } } : {}),
        };
        const lines: AgentEvent[] = [
          { type: 'window-start', timeMs: windowStartMs, agentIndex: spec.agentIndex },
          { type: 'window-end', timeMs: windowEndMs, agentIndex: spec.agentIndex },
          { type: 'result', result },
        ];
        return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
      },
    };
  };
}
