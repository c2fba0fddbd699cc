/**
 * Resource metering over a measured window. A meter samples cumulative CPU counters and memory
 * gauges of the metered instances (processes on the local platform, containers on Kubernetes)
 * plus the host's CPU; usage over the window is computed from counter differences
 * (window-usage.ts), never from averaged rate samples.
 */
import type { ResourceUsage } from '../results/result-schema.ts';
import type { WindowResources } from '../results/window-resources.ts';

/** One reading of one metered instance (a process or a container). */
export interface InstanceSample {
  /** When the counter was read (its own timestamp when the source provides one), epoch ms. */
  timeMs: number;
  /** Cumulative CPU time since the instance started, core-seconds. */
  cpuCoreSeconds: number;
  /** Memory gauge: RSS (process) or working set (container), bytes. */
  memoryBytes: number;
}

/** A metered component and where its instances come from. */
export interface MeteredComponent {
  component: string;
  role: ResourceUsage['role'];
  source: string;
}

/** One reading of the whole host's CPU (from /proc/stat): cumulative busy and total core-seconds. */
export interface HostCpuSample {
  timeMs: number;
  busyCoreSeconds: number;
  /** Stolen by the hypervisor (not inside busy; inside total). */
  stealCoreSeconds: number;
  totalCoreSeconds: number;
  cores: number;
}

export interface MeasuredWindow {
  startMs: number;
  endMs: number;
  achievedRps: number;
  completedRequests: number;
}

export interface ResourceMeter {
  /** Starts periodic sampling (memory gauges need samples through the window). */
  start(): Promise<void>;
  /** Takes a sample now: called when the agent reports the window's start and end. */
  sampleNow(): Promise<void>;
  /** Stops sampling and returns usage per component over the window. */
  stop(window: MeasuredWindow): Promise<WindowResources>;
}
