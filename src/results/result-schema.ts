/**
 * The result file, schema version 1: one `bench run` = one target × one scenario. Versioned JSON;
 * a reader refuses unknown major versions. Latencies are integer microseconds; CPU is in
 * core-seconds (cumulative counter differences) and vCPU (core-seconds / window seconds).
 */
import * as z from 'zod';

export const RESULT_SCHEMA_VERSION = '1.0';

/** Percentiles of one latency distribution, microseconds. */
export const LatencySummarySchema = z.object({
  count: z.number().int().nonnegative(),
  minUs: z.number().nonnegative(),
  meanUs: z.number().nonnegative(),
  p50Us: z.number().nonnegative(),
  p75Us: z.number().nonnegative(),
  p90Us: z.number().nonnegative(),
  p99Us: z.number().nonnegative(),
  p999Us: z.number().nonnegative(),
  maxUs: z.number().nonnegative(),
});
export type LatencySummary = z.infer<typeof LatencySummarySchema>;

/** Resources one component used over a measured window. */
export const ResourceUsageSchema = z.object({
  /** Label, e.g. `istio-proxy`, `ztunnel`, `order-service`, `haproxy-client`. */
  component: z.string(),
  role: z.enum(['data-plane', 'app', 'load-agent', 'control-plane', 'node']),
  /** What was metered: pids, or namespace/pod/container names. */
  instances: z.array(z.string()),
  /** Cumulative CPU counter difference over the window, core-seconds. */
  cpuCoreSeconds: z.number().nonnegative(),
  /** cpuCoreSeconds / window seconds. */
  vcpu: z.number().nonnegative(),
  /** vCPU per 1,000 achieved rps (Istio's headline unit). */
  vcpuPer1kRps: z.number().nonnegative().nullable(),
  /** Memory (RSS or working set), summed over instances at each sample. */
  memoryAvgBytes: z.number().nonnegative(),
  memoryMaxBytes: z.number().nonnegative(),
  /** Per-instance memory average (memory per proxy). */
  memoryPerInstanceAvgBytes: z.number().nonnegative(),
  samples: z.number().int().nonnegative(),
  /** Where the counters came from: `proc`, `kubelet-summary`, `cgroup`. */
  source: z.string(),
});
export type ResourceUsage = z.infer<typeof ResourceUsageSchema>;

export const HostCpuSchema = z.object({
  cores: z.number().int().positive(),
  /** Busy CPU time of the whole host over the window (all cores), core-seconds. */
  busyCoreSeconds: z.number().nonnegative(),
  /** Busy share of all cores, 0..1. */
  utilization: z.number().nonnegative(),
  /** Host busy core-seconds per 1,000 completed requests: the fair cross-mesh cost. */
  coreSecondsPer1kRequests: z.number().nonnegative().nullable(),
  /**
   * Share of the host's CPU time over the window that the hypervisor stole (0..1; /proc/stat
   * `steal`). Not counted as busy. Absent in files from harnesses that did not record it.
   */
  stealFraction: z.number().nonnegative().optional(),
  /**
   * CPU time /proc/stat counted over the window divided by cores × window (1 when the kernel's
   * accounting is consistent). Beyond ±5 % coreSecondsPer1kRequests is null: the counters moved
   * in lumps and busy time cannot be trusted for this window. Absent in older files.
   */
  countedShareOfWallClock: z.number().nonnegative().optional(),
});
export type HostCpu = z.infer<typeof HostCpuSchema>;

/** One sending thread of an agent's threaded open loop (load.threads > 1), over the window. */
export const GeneratorThreadSchema = z.object({
  agentIndex: z.number().int().nonnegative(),
  index: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  /** Sends later than 1 ms after their intended time. */
  lateSends: z.number().int().nonnegative(),
  /** This thread's scheduler lag (actual − intended send), microseconds. */
  lagP50Us: z.number().nonnegative(),
  lagP99Us: z.number().nonnegative(),
  /** CPU of the thread's sender (not its waker), seconds, and as a share of one core; null off Linux. */
  cpuSeconds: z.number().nonnegative().nullable(),
  cpuUtilization: z.number().nonnegative().nullable(),
});
export type GeneratorThread = z.infer<typeof GeneratorThreadSchema>;

/** The load generator's view of its own health during the window. */
export const GeneratorStatsSchema = z.object({
  engine: z.enum(['open', 'closed']),
  arrival: z.enum(['uniform', 'poisson', 'closed-loop']),
  agents: z.number().int().positive(),
  connections: z.number().int().positive(),
  /** actual send − intended send, microseconds (open loop). */
  schedulerLagUs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
  /** Sends later than 1 ms after their intended time. */
  lateSends: z.number().int().nonnegative(),
  /** Requests dropped because too many were already waiting for a connection. */
  dropped: z.number().int().nonnegative(),
  /** The agent's own CPU over the window, core-seconds, and as a share of one core. */
  cpuCoreSeconds: z.number().nonnegative(),
  cpuUtilization: z.number().nonnegative(),
  cpuCoreSecondsPer1kRequests: z.number().nonnegative().nullable(),
  /** https:// targets: what TLS negotiated, over the run (warm-up included). Absent for http://. */
  tls: z
    .object({
      /** e.g. `TLSv1.3`; comma-separated when connections differed. */
      version: z.string(),
      /** IANA cipher suite name, e.g. `TLS_AES_256_GCM_SHA384`; comma-separated when connections differed. */
      cipher: z.string(),
      /** Completed handshakes (one per connection opened) and how many resumed an earlier session. */
      handshakes: z.number().int().nonnegative(),
      resumedSessions: z.number().int().nonnegative(),
    })
    .optional(),
  /** load.threads > 1: each agent's sending threads, one entry per thread. Absent with one thread and in older files. */
  threads: z.array(GeneratorThreadSchema).optional(),
});
export type GeneratorStats = z.infer<typeof GeneratorStatsSchema>;

export const RepetitionSchema = z.object({
  index: z.number().int().nonnegative(),
  /** Arm label for interleaved A/B runs (e.g. a mesh version); empty otherwise. */
  arm: z.string().default(''),
  /**
   * Position of this window in its batch's measurement order (0, 1, 2, … across every level and
   * arm of one `bench run`). With interleaved arms, `compare` pairs the windows measured next to
   * each other. Absent in older files.
   */
  sequence: z.number().int().nonnegative().optional(),
  startedAt: z.string(),
  /** Measured window, epoch milliseconds. */
  windowStartMs: z.number(),
  windowEndMs: z.number(),
  durationMs: z.number().nonnegative(),
  targetRps: z.number().nonnegative(),
  /** Completed requests (any status) per second of the window. */
  achievedRps: z.number().nonnegative(),
  requests: z.object({
    scheduled: z.number().int().nonnegative(),
    sent: z.number().int().nonnegative(),
    completed: z.number().int().nonnegative(),
    ok: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
    dropped: z.number().int().nonnegative(),
  }),
  /** Responses by HTTP status code. */
  statusCounts: z.record(z.string(), z.number().int().nonnegative()),
  /** Transport failures by kind: timeout, connect-refused, reset, closed, other. */
  errorCounts: z.record(z.string(), z.number().int().nonnegative()),
  /** Error share of sent requests (non-2xx/3xx + transport errors + drops), percent. */
  errorPct: z.number().nonnegative(),
  /** From the intended send time (corrected for coordinated omission). */
  latency: LatencySummarySchema,
  /** From the actual send time. */
  serviceTime: LatencySummarySchema,
  /** Compressed base64 HDR histograms (hdr-histogram-js), microseconds. */
  histograms: z.object({ latencyUs: z.string(), serviceTimeUs: z.string() }),
  generator: GeneratorStatsSchema,
  resources: z.array(ResourceUsageSchema),
  hostCpu: HostCpuSchema.nullable(),
  valid: z.boolean(),
  invalidReasons: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type Repetition = z.infer<typeof RepetitionSchema>;

/** Pooled view of one level: histograms merged across valid repetitions, medians of per-rep values. */
export const LevelSummarySchema = z.object({
  validRepetitions: z.number().int().nonnegative(),
  latency: LatencySummarySchema.nullable(),
  serviceTime: LatencySummarySchema.nullable(),
  histograms: z.object({ latencyUs: z.string(), serviceTimeUs: z.string() }).nullable(),
  achievedRpsMedian: z.number().nullable(),
  errorPctMedian: z.number().nullable(),
  /** Median over repetitions of the data plane's summed vCPU per 1k rps. */
  dataPlaneVcpuPer1kRpsMedian: z.number().nullable(),
  /** Median over repetitions of the average memory per data-plane instance. */
  dataPlaneMemoryPerInstanceBytesMedian: z.number().nullable(),
  hostCoreSecondsPer1kRequestsMedian: z.number().nullable(),
});
export type LevelSummary = z.infer<typeof LevelSummarySchema>;

export const LevelSchema = z.object({
  index: z.number().int().nonnegative(),
  targetRps: z.number().nonnegative(),
  repetitions: z.array(RepetitionSchema),
  summary: LevelSummarySchema,
});
export type Level = z.infer<typeof LevelSchema>;

export const VerificationCheckSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  /** What was observed, e.g. command output lines or counts. */
  evidence: z.array(z.string()),
});
export type VerificationCheck = z.infer<typeof VerificationCheckSchema>;

/**
 * The batch a result was measured in: every arm of one `bench run --arms …` shares an id, so
 * `compare` pairs only windows that were really measured together.
 */
export const BatchSchema = z.object({
  id: z.string(),
  /** Arm labels in the order of the first round (ABBA from there). */
  arms: z.array(z.string()),
  order: z.enum(['single', 'ABBA']),
  /**
   * How the arms shared the hardware: `same-host` (local processes on one machine),
   * `alternating-clusters` (a cluster per arm, all kept alive, alternating per repetition) or
   * `shared-cluster` (one cluster, e.g. two Istio revisions). Older files may say `cluster-per-arm`.
   */
  method: z.string(),
  /**
   * A feature matrix (`bench run --features-matrix`): the feature each arm switched on, by arm
   * label; null marks the reference arm with the listed features off. Absent for other batches.
   */
  featureMatrix: z
    .object({
      features: z.record(z.string(), z.string().nullable()),
      /** Each arm's setting as a sentence, e.g. `retries: 2 on connect-failure, gateway-error`. */
      settings: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  /**
   * An idle-services sweep (`workload.idleServices: [n1, n2, …]`, docs/topology.md): the count
   * of idle Services each arm ran with, by arm label. Absent for other batches.
   */
  idleSweep: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type Batch = z.infer<typeof BatchSchema>;

/**
 * Costs injected on purpose to calibrate the gate (`bench run --inject`, local platform only):
 * a result carrying this measured a deliberately slowed system, not the target as shipped.
 */
export const InjectionSchema = z.object({
  /** µs of CPU burnt per order request, by service. */
  serviceCpuUs: z.record(z.string(), z.number().int().nonnegative()),
  /** µs of CPU burnt per request in each emulated sidecar. */
  proxyCpuUs: z.number().int().nonnegative(),
});

export const ResultFileSchema = z.object({
  schemaVersion: z.string().regex(/^\d+\.\d+$/),
  runId: z.string(),
  /** Absent in older files. */
  batch: BatchSchema.optional(),
  /** Present only on calibration runs (absent = nothing injected). */
  injection: InjectionSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** `running` while levels are still being measured; `complete`, `failed` or `interrupted` at the end. */
  status: z.enum(['running', 'complete', 'failed', 'interrupted']),
  harness: z.object({ version: z.string(), gitSha: z.string().nullable(), node: z.string() }),
  target: z.object({
    name: z.string(),
    mesh: z.string(),
    mode: z.string(),
    /** Mesh version requested (pinned or --mesh-version). */
    version: z.string().nullable(),
    /** Version read back from the running cluster. */
    runningVersion: z.string().nullable(),
    platform: z.enum(['kind', 'existing', 'local']),
    clusterShape: z.record(z.string(), z.unknown()).nullable(),
    kubernetesVersion: z.string().nullable(),
    kindVersion: z.string().nullable(),
    /** Worker threads per data-plane component as configured, e.g. {"ztunnel": "2 (ZTUNNEL_WORKER_THREADS)"} (absent in older files). */
    dataPlaneWorkers: z.record(z.string(), z.string()).optional(),
    /** What the target's proxies do with the scenario's protocol (docs/mesh-protocols.md; absent in older files). */
    protocolHandling: z.string().optional(),
    /** How the workload image reached the kind nodes (absent in older files and off kind). */
    imagePreload: z.string().optional(),
    spec: z.record(z.string(), z.unknown()),
  }),
  scenario: z.object({
    name: z.string(),
    /** sha256 of the resolved spec: results are comparable only with equal hashes. */
    contentHash: z.string(),
    spec: z.record(z.string(), z.unknown()),
  }),
  environment: z.object({
    hostname: z.string(),
    cpuModel: z.string(),
    cores: z.number().int().positive(),
    memoryBytes: z.number().nonnegative(),
    kernel: z.string(),
    os: z.string(),
    tools: z.record(z.string(), z.string()),
    /**
     * How the local load agent was scheduled: `realtime-fifo` with --realtime-agent, else
     * `normal` (absent in older files: normal). It changes the measured tail, so compare refuses
     * to mix the two.
     */
    agentScheduling: z.enum(['normal', 'realtime-fifo']).optional(),
  }),
  verification: z.object({
    verified: z.boolean(),
    skipped: z.boolean(),
    checks: z.array(VerificationCheckSchema),
  }),
  levels: z.array(LevelSchema),
  valid: z.boolean(),
  warnings: z.array(z.string()),
});
export type ResultFile = z.infer<typeof ResultFileSchema>;
