/**
 * The mesh-size curve (docs/topology.md): proxy memory and control-plane CPU and memory against
 * the number of idle Services a run added (`workload.idleServices`, one arm per count in a
 * sweep). One point per target, platform, count and rate; each value is the median over the
 * valid repetitions of that point (the repetition is the sample). Shown only where a target was
 * measured at two or more counts: a single count is not a curve. Pure.
 */
import type { Repetition, ResourceUsage, ResultFile } from '../results/result-schema.ts';
import { median } from '../stats/median.ts';
import type { ReportSource } from './report-model.ts';

const MIB = 1024 * 1024;

/** One point of the curve. */
export interface MeshSizePoint {
  targetName: string;
  platform: ResultFile['target']['platform'];
  idleServices: number;
  targetRps: number;
  /** Valid repetitions behind the medians. */
  windows: number;
  /** Average memory per data-plane instance (per proxy), MiB; null without a data plane. */
  proxyMemoryMib: number | null;
  /** Data-plane instances (proxies) metered. */
  proxies: number;
  /** Summed control-plane CPU over the window, vCPU; null when no control plane was metered. */
  controlPlaneVcpu: number | null;
  /** Summed control-plane memory (average over the window), MiB; null likewise. */
  controlPlaneMemoryMib: number | null;
  /** The control-plane components metered (istiod, linkerd-destination, …). */
  controlPlaneComponents: string[];
}

/** The idle services a result ran with (0 when none). */
export function idleServicesOf(result: ResultFile): number {
  const idle = (result.scenario.spec as { workload?: { idleServices?: unknown } }).workload?.idleServices;
  return typeof idle === 'number' ? idle : 0;
}

function proxyMemoryMib(resources: readonly ResourceUsage[]): { mib: number | null; proxies: number } {
  const dataPlane = resources.filter((r) => r.role === 'data-plane');
  const proxies = dataPlane.reduce((n, r) => n + r.instances.length, 0);
  if (proxies === 0) return { mib: null, proxies: 0 };
  // Per proxy over every data-plane instance: each component's per-instance average weighted by its instances.
  const bytes = dataPlane.reduce((sum, r) => sum + r.memoryPerInstanceAvgBytes * r.instances.length, 0) / proxies;
  return { mib: bytes / MIB, proxies };
}

function controlPlane(resources: readonly ResourceUsage[]): { vcpu: number | null; mib: number | null; components: string[] } {
  const cp = resources.filter((r) => r.role === 'control-plane' && r.instances.length > 0);
  if (cp.length === 0) return { vcpu: null, mib: null, components: [] };
  return { vcpu: cp.reduce((s, r) => s + r.vcpu, 0), mib: cp.reduce((s, r) => s + r.memoryAvgBytes, 0) / MIB, components: cp.map((r) => r.component) };
}

/** The curve's points, by target, platform, rate and count (ascending); empty when no target has two counts. */
export function computeMeshSize(sources: readonly ReportSource[]): MeshSizePoint[] {
  const groups = new Map<string, { targetName: string; platform: ResultFile['target']['platform']; idleServices: number; targetRps: number; reps: Repetition[] }>();
  for (const { result } of sources) {
    const idleServices = idleServicesOf(result);
    for (const level of result.levels) {
      const key = JSON.stringify([result.target.name, result.target.platform, level.targetRps, idleServices]);
      const group = groups.get(key) ?? { targetName: result.target.name, platform: result.target.platform, idleServices, targetRps: level.targetRps, reps: [] };
      group.reps.push(...level.repetitions.filter((r) => r.valid));
      groups.set(key, group);
    }
  }
  const counts = new Map<string, Set<number>>();
  for (const g of groups.values()) {
    const key = JSON.stringify([g.targetName, g.platform]);
    counts.set(key, (counts.get(key) ?? new Set()).add(g.idleServices));
  }
  const points: MeshSizePoint[] = [];
  for (const g of groups.values()) {
    if ((counts.get(JSON.stringify([g.targetName, g.platform]))?.size ?? 0) < 2) continue;
    const proxies = g.reps.map((r) => proxyMemoryMib(r.resources));
    const cps = g.reps.map((r) => controlPlane(r.resources));
    points.push({
      targetName: g.targetName,
      platform: g.platform,
      idleServices: g.idleServices,
      targetRps: g.targetRps,
      windows: g.reps.length,
      proxyMemoryMib: median(proxies.map((p) => p.mib)),
      proxies: Math.max(0, ...proxies.map((p) => p.proxies)),
      controlPlaneVcpu: median(cps.map((c) => c.vcpu)),
      controlPlaneMemoryMib: median(cps.map((c) => c.mib)),
      controlPlaneComponents: [...new Set(cps.flatMap((c) => c.components))],
    });
  }
  return points.sort(
    (a, b) => a.targetName.localeCompare(b.targetName) || a.platform.localeCompare(b.platform) || a.targetRps - b.targetRps || a.idleServices - b.idleServices,
  );
}
