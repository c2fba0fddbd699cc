/**
 * The Kubernetes platforms' resource meter: cumulative container CPU counters and working-set
 * memory from the kubelet Summary API of the nodes that matter, every `intervalMs` (≤ 5 s), plus
 * the host's CPU where the cluster runs on this host (kind).
 *
 * Why the Summary API rather than the containers' cgroup `cpu.stat`:
 * - it works the same on kind and on an existing cluster, through the API server with the run's
 *   own credentials (RBAC `nodes/proxy` get); `cpu.stat` needs `docker exec` into a kind node (kind
 *   only) or a privileged DaemonSet (existing), and the cgroup path of a container under kind's
 *   systemd driver must be discovered from its CRI container ID (docs/mesh-install.md
 *   "Resource counters on Kubernetes"; the exact path is unconfirmed upstream);
 * - containers come named by namespace/pod/container, native sidecars included, so data-plane
 *   components are selected by name exactly as the target declares them;
 * - one request per node per sample instead of one exec per container.
 * The price: the kubelet serves cAdvisor's cached values, refreshed every 10 s and up to 15 s
 * (docs/mesh-install.md "Resource counters on Kubernetes"), so a counter can be ~15 s old when read. Each counter therefore carries its own time
 * (`cpu.time`), samples are taken every ≤ 5 s so each refresh is seen, and window-usage.ts
 * interpolates the counter at both window edges between the refreshes that bracket them; at the
 * end the meter keeps sampling (up to `endSettleMs`) until a refresh newer than the window's end
 * arrives. The remaining error is bounded by one refresh interval at each edge, which is small
 * against windows of 60 s or more; a window shorter than 4× the observed staleness gets a warning.
 * `usageNanoCores` (a rate over an interval the kubelet picks) is never used.
 */
import type { KubeClient, PodInfo } from '../kube/kube-client.ts';
import type { ResourceUsage } from '../results/result-schema.ts';
import { parseKubeletSummary, type NodeSummary } from './kubelet-summary.ts';
import type { WindowResources } from '../results/window-resources.ts';
import type { HostCpuSample, InstanceSample, MeasuredWindow, ResourceMeter } from './resource-meter.ts';
import { componentUsageOverWindow, hostCpuOverWindow, type InstanceSeries } from './window-usage.ts';

/** Containers of one metered component. */
export interface MeteredContainerGroup {
  component: string;
  role: ResourceUsage['role'];
  namespace: string;
  /** Pod labels that must all match (empty: every pod with the container). */
  podLabels: Record<string, string>;
  /** Container name; matched among containers and init containers (native sidecars). */
  container: string;
  /** `workload`: only pods on the server and client nodes (per-node proxies such as ztunnel). */
  nodes: 'workload' | 'all';
  /** The container exits with the window (the load agent): a missing sample after the end is expected. */
  endsWithWindow?: boolean | undefined;
}

/** How the server and client nodes are recognised. */
export interface WorkloadNodeSelectors {
  namespace: string;
  /** Labels of the service pods. */
  serverPodLabels: Record<string, string>;
  /** Labels of the load-agent pods. */
  clientPodLabels: Record<string, string>;
  /** Node label key whose values `server`/`client` mark the nodes (kind), if any. */
  nodeRoleLabel?: string | undefined;
}

/** Options of {@link KubeletMeter}. */
export interface KubeletMeterOptions {
  kube: KubeClient;
  groups: readonly MeteredContainerGroup[];
  workload: WorkloadNodeSelectors;
  /** Host CPU reader (kind: the host shares its kernel with the nodes), or null. */
  readHostCpu: (() => Promise<HostCpuSample>) | null;
  /** Summary sampling period; default 5 s. */
  intervalMs?: number | undefined;
  /** Host CPU sampling period; default 1 s. */
  hostIntervalMs?: number | undefined;
  /** At stop, how long to keep sampling for counters newer than the window end; default 20 s. */
  endSettleMs?: number | undefined;
  nowMs?: (() => number) | undefined;
  log?: ((line: string) => void) | undefined;
}

/** Default summary sampling period: at most 5 s, so every 10–15 s cAdvisor refresh is seen. */
export const DEFAULT_KUBELET_SAMPLE_INTERVAL_MS = 5_000;
/** A window shorter than this multiple of the counters' staleness gets a warning. */
export const STALENESS_WINDOW_FACTOR = 4;

const NODE_COMPONENTS = { server: 'server-node', client: 'client-node' } as const;

function labelsMatch(pod: PodInfo, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => pod.labels[k] === v);
}

function hasContainer(pod: PodInfo, name: string): boolean {
  return pod.containers.includes(name) || pod.initContainers.some((c) => c.name === name);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** Series of one component, by instance label. */
type SeriesByInstance = Map<string, InstanceSample[]>;

/** A {@link ResourceMeter} over kubelet Summary API counters. */
export class KubeletMeter implements ResourceMeter {
  private readonly options: KubeletMeterOptions;
  private readonly series = new Map<string, SeriesByInstance>();
  private readonly hostSamples: HostCpuSample[] = [];
  private readonly warnings = new Set<string>();
  private readonly serverNodes = new Set<string>();
  private readonly clientNodes = new Set<string>();
  /** `namespace/pod` of the agents' pods: they end with the window, sidecars included. */
  private readonly agentPods = new Set<string>();
  /** Largest age of a counter when read (read time − its own time), ms. */
  private maxStalenessMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private hostTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(options: KubeletMeterOptions) {
    this.options = options;
  }

  private now(): number {
    return (this.options.nowMs ?? Date.now)();
  }

  async start(): Promise<void> {
    const roleLabel = this.options.workload.nodeRoleLabel;
    if (roleLabel) {
      try {
        for (const node of await this.options.kube.listNodes()) {
          if (node.labels[roleLabel] === 'server') this.serverNodes.add(node.name);
          if (node.labels[roleLabel] === 'client') this.clientNodes.add(node.name);
        }
      } catch (err) {
        this.warnings.add(`kubelet stats: cannot list the nodes: ${(err as Error).message}`);
      }
    }
    await this.sampleNow();
    this.timer ??= setInterval(() => void this.tickSafely(), this.options.intervalMs ?? DEFAULT_KUBELET_SAMPLE_INTERVAL_MS);
    this.timer.unref();
    if (this.options.readHostCpu && !this.hostTimer) {
      this.hostTimer = setInterval(() => void this.sampleHostSafely(), this.options.hostIntervalMs ?? 1_000);
      this.hostTimer.unref();
    }
  }

  /** Samples now; never rejects (a failed sample becomes a warning: callers fire and forget it). */
  async sampleNow(): Promise<void> {
    await Promise.all([this.tickSafely(), this.sampleHostSafely()]);
  }

  private async tickSafely(): Promise<void> {
    try {
      await this.tick();
    } catch (err) {
      this.warnings.add(`kubelet stats: a sample failed: ${(err as Error).message}`);
    }
  }

  private async sampleHostSafely(): Promise<void> {
    try {
      await this.sampleHost();
    } catch (err) {
      this.warnings.add(`host CPU: a sample failed: ${(err as Error).message}`);
    }
  }

  private async sampleHost(): Promise<void> {
    if (!this.options.readHostCpu) return;
    this.hostSamples.push(await this.options.readHostCpu());
  }

  /** One sample of every relevant node; serialised so ticks never overlap. */
  private async tick(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    this.inFlight = this.sampleNodes().finally(() => {
      this.inFlight = undefined;
    });
    await this.inFlight;
  }

  private async sampleNodes(): Promise<void> {
    const { kube, groups, workload } = this.options;
    const namespaces = [...new Set([workload.namespace, ...groups.map((g) => g.namespace)])];
    const podsByNamespace = new Map<string, PodInfo[]>();
    await Promise.all(namespaces.map(async (ns) => podsByNamespace.set(ns, await kube.listPods(ns))));
    const workloadPods = podsByNamespace.get(workload.namespace) ?? [];
    for (const pod of workloadPods) {
      if (!pod.nodeName) continue;
      if (labelsMatch(pod, workload.serverPodLabels)) this.serverNodes.add(pod.nodeName);
      if (labelsMatch(pod, workload.clientPodLabels)) {
        this.clientNodes.add(pod.nodeName);
        this.agentPods.add(`${pod.namespace}/${pod.name}`);
      }
    }
    const workloadNodes = new Set([...this.serverNodes, ...this.clientNodes]);
    const wanted = new Map<string, { group: MeteredContainerGroup; pods: Set<string> }>();
    const nodes = new Set(workloadNodes);
    for (const group of groups) {
      const pods = (podsByNamespace.get(group.namespace) ?? []).filter(
        (p) =>
          p.nodeName !== null &&
          labelsMatch(p, group.podLabels) &&
          hasContainer(p, group.container) &&
          (group.nodes === 'all' || workloadNodes.has(p.nodeName)),
      );
      for (const p of pods) if (p.nodeName) nodes.add(p.nodeName);
      wanted.set(group.component, { group, pods: new Set(pods.map((p) => `${p.namespace}/${p.name}`)) });
    }
    const readAtMs = this.now();
    const summaries = await Promise.all(
      [...nodes].map(async (node) => parseKubeletSummary(await kube.getRaw(`/api/v1/nodes/${encodeURIComponent(node)}/proxy/stats/summary`))),
    );
    for (const summary of summaries) this.record(summary, wanted, readAtMs);
  }

  private record(summary: NodeSummary, wanted: Map<string, { group: MeteredContainerGroup; pods: Set<string> }>, readAtMs: number): void {
    for (const { group, pods } of wanted.values()) {
      for (const c of summary.containers) {
        if (c.container !== group.container || !pods.has(`${c.namespace}/${c.pod}`)) continue;
        this.add(group.component, `${c.namespace}/${c.pod}/${c.container}`, c.sample, readAtMs);
      }
    }
    if (summary.node) {
      if (this.serverNodes.has(summary.nodeName)) this.add(NODE_COMPONENTS.server, summary.nodeName, summary.node, readAtMs);
      if (this.clientNodes.has(summary.nodeName)) this.add(NODE_COMPONENTS.client, summary.nodeName, summary.node, readAtMs);
    }
  }

  /** Appends a sample unless the kubelet served the same cached reading again. */
  private add(component: string, instance: string, sample: InstanceSample, readAtMs: number): void {
    let byInstance = this.series.get(component);
    if (!byInstance) {
      byInstance = new Map();
      this.series.set(component, byInstance);
    }
    const samples = byInstance.get(instance) ?? [];
    byInstance.set(instance, samples);
    this.maxStalenessMs = Math.max(this.maxStalenessMs, readAtMs - sample.timeMs);
    if (samples.some((s) => s.timeMs === sample.timeMs)) return;
    samples.push(sample);
  }

  /** True when every series that should outlive the window has a counter newer than its end. */
  private endBracketed(endMs: number): boolean {
    const outliving = new Set(this.options.groups.filter((g) => !g.endsWithWindow).map((g) => g.component));
    for (const name of Object.values(NODE_COMPONENTS)) outliving.add(name);
    for (const [component, byInstance] of this.series) {
      if (!outliving.has(component)) continue;
      for (const [instance, samples] of byInstance) {
        // An agent pod's containers (its mesh sidecar too) stop with the window and never report again.
        if (this.agentPods.has(instance.slice(0, instance.lastIndexOf('/')))) continue;
        if (!samples.some((s) => s.timeMs >= endMs)) return false;
      }
    }
    return true;
  }

  async stop(window: MeasuredWindow): Promise<WindowResources> {
    const settleUntil = this.now() + (this.options.endSettleMs ?? 20_000);
    const pauseMs = Math.min(this.options.intervalMs ?? DEFAULT_KUBELET_SAMPLE_INTERVAL_MS, 2_000);
    await this.tickSafely();
    while (!this.endBracketed(window.endMs) && this.now() < settleUntil) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await this.tickSafely();
    }
    await this.sampleHostSafely();
    clearInterval(this.timer);
    clearInterval(this.hostTimer);
    this.timer = undefined;
    this.hostTimer = undefined;
    return this.usage(window);
  }

  private usage(window: MeasuredWindow): WindowResources {
    const warnings = [...this.warnings];
    const resources: ResourceUsage[] = [];
    const components: { component: string; role: ResourceUsage['role']; endsWithWindow: boolean }[] = [
      ...this.options.groups.map((g) => ({ component: g.component, role: g.role, endsWithWindow: g.endsWithWindow ?? false })),
      { component: NODE_COMPONENTS.server, role: 'node', endsWithWindow: false },
      { component: NODE_COMPONENTS.client, role: 'node', endsWithWindow: false },
    ];
    const seen = new Set<string>();
    for (const c of components) {
      if (seen.has(c.component)) continue;
      seen.add(c.component);
      const byInstance = this.series.get(c.component);
      if (!byInstance || byInstance.size === 0) {
        if (c.role !== 'node') warnings.push(`${c.component}: no container found to meter`);
        continue;
      }
      const instances: InstanceSeries[] = [...byInstance].map(([instance, samples]) => ({ instance, samples }));
      const found = componentUsageOverWindow({ component: { component: c.component, role: c.role, source: 'kubelet-summary' }, instances, window });
      resources.push(found.usage);
      // The agent's container ends with its window; its CPU is also reported by the agent itself.
      warnings.push(...(c.endsWithWindow ? found.warnings.filter((w) => !w.includes('before the window end')) : found.warnings));
    }
    const windowMs = window.endMs - window.startMs;
    if (this.maxStalenessMs > 0 && windowMs < STALENESS_WINDOW_FACTOR * this.maxStalenessMs) {
      warnings.push(
        `kubelet CPU counters were up to ${seconds(this.maxStalenessMs)} old when read (cAdvisor refresh); a ${seconds(windowMs)} window is shorter than ${STALENESS_WINDOW_FACTOR}× that, so per-window CPU is approximate: use measured windows of 60 s or more`,
      );
    }
    const host = this.options.readHostCpu ? hostCpuOverWindow(this.hostSamples, window) : { hostCpu: null, warnings: [] };
    warnings.push(...host.warnings);
    return { resources, hostCpu: host.hostCpu, warnings };
  }
}
