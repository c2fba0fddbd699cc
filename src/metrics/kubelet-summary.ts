/**
 * The kubelet Summary API (`/api/v1/nodes/<node>/proxy/stats/summary`, types in
 * k8s.io/kubelet/pkg/apis/stats/v1alpha1) reduced to what the meter needs (pure): per container
 * and per node, the cumulative CPU counter `usageCoreNanoSeconds` stamped with its own `cpu.time`
 * and the `workingSetBytes` gauge. Containers include running native sidecars (init containers
 * with `restartPolicy: Always`), which the kubelet reports among the pod's containers by name.
 */
import * as z from 'zod';
import type { InstanceSample } from './resource-meter.ts';

const CpuStatsSchema = z.looseObject({
  time: z.string(),
  usageNanoCores: z.number().optional(),
  usageCoreNanoSeconds: z.number().optional(),
});

const MemoryStatsSchema = z.looseObject({
  time: z.string().optional(),
  workingSetBytes: z.number().optional(),
  usageBytes: z.number().optional(),
  rssBytes: z.number().optional(),
});

const ContainerStatsSchema = z.looseObject({
  name: z.string(),
  startTime: z.string().optional(),
  cpu: CpuStatsSchema.optional(),
  memory: MemoryStatsSchema.optional(),
});

const PodStatsSchema = z.looseObject({
  podRef: z.looseObject({ name: z.string(), namespace: z.string(), uid: z.string().optional() }),
  startTime: z.string().optional(),
  containers: z.array(ContainerStatsSchema).nullish(),
  cpu: CpuStatsSchema.optional(),
  memory: MemoryStatsSchema.optional(),
});

const SummarySchema = z.looseObject({
  node: z.looseObject({
    nodeName: z.string(),
    cpu: CpuStatsSchema.optional(),
    memory: MemoryStatsSchema.optional(),
  }),
  pods: z.array(PodStatsSchema).nullish(),
});

/** One container's reading from a summary. */
export interface ContainerReading {
  namespace: string;
  pod: string;
  container: string;
  sample: InstanceSample;
}

/** A node's summary reduced to samples. */
export interface NodeSummary {
  nodeName: string;
  /** The node's own counters (all of the node's cgroups), or null when absent. */
  node: InstanceSample | null;
  containers: ContainerReading[];
}

function toSample(cpu: z.infer<typeof CpuStatsSchema> | undefined, memory: z.infer<typeof MemoryStatsSchema> | undefined): InstanceSample | null {
  if (!cpu || cpu.usageCoreNanoSeconds === undefined) return null;
  const timeMs = Date.parse(cpu.time);
  if (Number.isNaN(timeMs)) return null;
  return { timeMs, cpuCoreSeconds: cpu.usageCoreNanoSeconds / 1e9, memoryBytes: memory?.workingSetBytes ?? 0 };
}

/**
 * Parses a Summary API answer. Containers without a CPU counter (just started, or already gone)
 * are left out; a malformed answer throws a message naming the first bad field.
 */
export function parseKubeletSummary(data: unknown): NodeSummary {
  const parsed = SummarySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`unexpected kubelet summary: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const summary = parsed.data;
  const containers: ContainerReading[] = [];
  for (const pod of summary.pods ?? []) {
    for (const c of pod.containers ?? []) {
      const sample = toSample(c.cpu, c.memory);
      if (sample) containers.push({ namespace: pod.podRef.namespace, pod: pod.podRef.name, container: c.name, sample });
    }
  }
  return { nodeName: summary.node.nodeName, node: toSample(summary.node.cpu, summary.node.memory), containers };
}
