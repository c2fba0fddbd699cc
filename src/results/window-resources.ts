/**
 * What a resource meter hands over for one measured window: usage per metered component and the
 * host's CPU, computed from cumulative counters (src/metrics), stored in the repetition. Pure data.
 */
import type { HostCpu, ResourceUsage } from './result-schema.ts';

export interface WindowResources {
  resources: ResourceUsage[];
  hostCpu: HostCpu | null;
  /** What made the numbers less certain (unbracketed window edges, exits, restarts); for `warnings`. */
  warnings?: string[] | undefined;
}
