/**
 * The shape of the `bench report --smp` document: the Service Mesh Performance spec's objects
 * (service-mesh-performance `protos/service_mesh_performance.proto`) with their snake_case field
 * names, and meshbench's extension under the namespaced key `x_meshbench`. Types and constants
 * only.
 */

/** The SMP version this export follows (the version string SMP's own example files carry). */
export const SMP_VERSION = 'v0.0.1';
/** Where meshbench's extensions live in every exported object. */
export const SMP_EXTENSION_KEY = 'x_meshbench';
/** Identifies the extension's layout. */
export const SMP_EXTENSION_SCHEMA = 'meshbench/smp-extension/v1';

/** SMP `Latency`, milliseconds. */
export interface SmpLatencyMs {
  min: number;
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** A node as SMP's `EnvironmentConfig.nodes` describes it. */
export interface SmpNode {
  type: string;
  cores: number;
  mem_mb: number;
}

export interface SmpComponentResources {
  component: string;
  role: string;
  instances: number;
  vcpu: number | null;
  vcpu_per_1k_rps: number | null;
  memory_per_instance_mb: number | null;
  memory_max_mb: number | null;
}

/** meshbench's additions to a `PerformanceTestResult`. */
export interface MeshbenchSmpExtension {
  schema: string;
  /** What `latencies_ms` measures. */
  latency_definition: string;
  target: { name: string; mesh: string; mode: string; version: string | null; running_version: string | null; platform: string };
  scenario: { name: string; content_hash: string };
  target_rps: number;
  /** Percentiles of the corrected latency that SMP's `Latency` lacks. */
  latencies_ms: { p75: number; p99_9: number; count: number };
  /** From the actual send time (not corrected for coordinated omission). */
  service_time_ms: (SmpLatencyMs & { p75: number; p99_9: number }) | null;
  histograms: { latency_us_hdr_base64: string; service_time_us_hdr_base64: string } | null;
  repetitions: { total: number; valid: number; pooled_from: string };
  error_pct_median: number | null;
  mtls_enabled: boolean;
  mtls_mode: string | null;
  /** Outcome of the run's mTLS verification check; null when none was recorded. */
  mtls_verified: boolean | null;
  proxy_concurrency: number | null;
  kubernetes_version: string | null;
  kind_version: string | null;
  nodes: SmpNode[];
  data_plane: { vcpu_per_1k_rps: number | null; memory_per_instance_mb: number | null; components: SmpComponentResources[] };
  host_cpu: { core_seconds_per_1k_requests: number | null; utilization: number | null };
  run_ids: string[];
  harness_versions: string[];
}

/** SMP `PerformanceTestResult` with the extension. */
export interface SmpPerformanceTestResult {
  smp_version: string;
  id: string;
  labels: Record<string, string>;
  start_time: string;
  end_time: string;
  latencies_ms: SmpLatencyMs;
  actual_qps: number;
  mesh_config_id: string;
  env_id: string;
  [SMP_EXTENSION_KEY]: MeshbenchSmpExtension;
}

/** SMP `ServiceMeshConfig` (the fields meshbench can fill truthfully). */
export interface SmpServiceMeshConfig {
  smp_version: string;
  id: string;
  labels: Record<string, string>;
  mtls_enabled: boolean;
  proxy_concurrency?: number;
  mesh_type?: { type: string; version: string };
  /** Only for sidecar meshes: summed over all sidecars at that level. */
  sidecar?: { count: number; cpu_mcores: number; mem_mb: number; rps: number };
}

/** SMP `EnvironmentConfig`. */
export interface SmpEnvironmentConfig {
  smp_version: string;
  id: string;
  labels: Record<string, string>;
  kubernetes_version?: string;
  nodes: SmpNode[];
}

export interface SmpDocument {
  smp_version: string;
  generator: { name: string; version: string | null };
  performance_test_results: SmpPerformanceTestResult[];
  service_mesh_configs: SmpServiceMeshConfig[];
  environment_configs: SmpEnvironmentConfig[];
}
