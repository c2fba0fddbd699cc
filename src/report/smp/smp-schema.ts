/**
 * The shape of the `bench report --smp` export: Service Mesh Performance messages
 * (service-mesh-performance `protos/service_mesh_performance.proto`, vendored with its source in
 * test/fixtures/smp/) in the proto3 JSON mapping — lowerCamelCase field names (`actualQps`,
 * `meshConfigId`, `envId`, `nodes`), enums by name, 64-bit integers as decimal strings,
 * Timestamps as RFC 3339 — and nothing the proto does not declare. meshbench's extras that SMP
 * cannot hold live in labels and in a sidecar file (smp-extension.ts). Types and constants only.
 */

/** The SMP version this export follows (the version string SMP's own example files carry). */
export const SMP_VERSION = 'v0.0.1';
/** Identifies the layout of the sidecar file with meshbench's extras. */
export const SMP_EXTENSION_SCHEMA = 'meshbench/smp-extension/v2';

/** The keys of the export: the full proto names of the messages each array holds. */
export const SMP_RESULT_TYPE = 'smp.PerformanceTestResult';
export const SMP_MESH_CONFIG_TYPE = 'smp.ServiceMeshConfig';
export const SMP_ENVIRONMENT_TYPE = 'smp.EnvironmentConfig';

/** SMP `PerformanceTestResult.Latency`, milliseconds. */
export interface SmpLatencyMs {
  min: number;
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** SMP `EnvironmentConfig.Node`; `memMb` is an int64, so a decimal string in proto3 JSON. */
export interface SmpNode {
  type: string;
  cores: number;
  memMb: string;
}

/** SMP `PerformanceTestResult`. */
export interface SmpPerformanceTestResult {
  smpVersion: string;
  id: string;
  labels: Record<string, string>;
  startTime: string;
  endTime: string;
  latenciesMs: SmpLatencyMs;
  actualQps: number;
  /** Where meshbench's extras of this result are: `<sidecar file>#<id>`. */
  detailsUri: string;
  /** The run id(s) the result was pooled from, `+`-joined. */
  testId: string;
  meshConfigId: string;
  envId: string;
}

/** SMP `ServiceMeshConfig` (the fields meshbench can fill truthfully). */
export interface SmpServiceMeshConfig {
  smpVersion: string;
  id: string;
  labels: Record<string, string>;
  mtlsEnabled: boolean;
  proxyConcurrency?: number;
  meshType?: { type: string; version: string };
  /** Only for sidecar meshes: summed over all sidecars at that level (int32 fields). */
  sidecar?: { count: number; cpuMcores: number; memMb: number; rps: number };
}

/** SMP `EnvironmentConfig`. */
export interface SmpEnvironmentConfig {
  smpVersion: string;
  id: string;
  labels: Record<string, string>;
  kubernetesVersion?: string;
  nodes: SmpNode[];
}

/** The export: arrays of SMP messages keyed by their full proto message name. */
export interface SmpDocument {
  [SMP_RESULT_TYPE]: SmpPerformanceTestResult[];
  [SMP_MESH_CONFIG_TYPE]: SmpServiceMeshConfig[];
  [SMP_ENVIRONMENT_TYPE]: SmpEnvironmentConfig[];
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

/** meshbench's extras of one `PerformanceTestResult`, in the sidecar file under its id. */
export interface MeshbenchSmpExtension {
  /** What `latenciesMs` measures. */
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
  data_plane: { vcpu_per_1k_rps: number | null; memory_per_instance_mb: number | null; components: SmpComponentResources[] };
  host_cpu: { core_seconds_per_1k_requests: number | null; utilization: number | null };
  run_ids: string[];
  harness_versions: string[];
}

/** The sidecar file: meshbench's extras keyed by `PerformanceTestResult.id`. */
export interface SmpSidecar {
  schema: string;
  /** The SMP export these extras belong to (file name as written). */
  smp_file: string;
  generator: { name: string; version: string | null };
  results: Record<string, MeshbenchSmpExtension>;
}
