/**
 * The load a run applies, declared in `scenarios/<name>.yaml`. Strict: unknown fields are errors.
 * Durations are written with units (`30s`) and resolved to milliseconds.
 */
import * as z from 'zod';
import { durationMsField, optionalDurationMsField } from './duration.ts';
import { grpcMethodOfRoute } from './order-grpc-routes.ts';
import { LoadTlsSpecSchema } from './load-tls-schema.ts';

export const CONFIG_API_VERSION = 'meshbench/v1alpha1';

const nameField = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lowercase letters, digits and dashes (a DNS label)');

/** One route of the order-service in the request mix. */
export const RequestSpecSchema = z
  .object({
    /** Label used in results. */
    name: nameField,
    method: z.enum(['GET', 'POST', 'PATCH']),
    /** Order-service route; `{id}` is replaced by an order id the agent knows to exist. */
    path: z
      .string()
      .startsWith('/', 'must start with "/"')
      // A raw CR/LF would split the request line (request smuggling); spaces end it.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
      .regex(/^[^\u0000-\u0020\u007f]*$/, 'must not contain spaces or control characters (CR, LF, tab, …); percent-encode them'),
    /** Relative frequency in the mix. */
    weight: z.number().positive().default(1),
    /** Request body: `order` (a generated order JSON), `status` (a status update) or none. */
    body: z.enum(['none', 'order', 'status']).default('none'),
  })
  .strict();

export const LevelSpecSchema = z
  .object({
    /** Constant arrival rate of this level, requests per second (summed over all agents). */
    rps: z.number().positive('must be a positive number of requests per second').max(1_000_000),
  })
  .strict();

/**
 * The wire protocol of the load (docs/engine.md, Protocols): `http1` (HTTP/1.1), `h2c` (HTTP/2
 * in cleartext, prior knowledge), `h2` (HTTP/2 over TLS, chosen by ALPN), `grpc` (unary gRPC
 * calls over HTTP/2; cleartext for an http:// target, TLS for https://).
 */
export const LOAD_PROTOCOLS = ['http1', 'h2c', 'h2', 'grpc'] as const;
export type LoadProtocol = (typeof LOAD_PROTOCOLS)[number];
/** Most streams per HTTP/2 connection a scenario or `bench load` may ask for. */
export const MAX_STREAMS_LIMIT = 1_000;
/** Streams per HTTP/2 connection when a scenario or `bench load` names none. */
export const DEFAULT_MAX_STREAMS = 10;

export const LoadSpecSchema = z
  .object({
    /** `open`: constant arrival rate, latency from the intended send time. `closed`: max-throughput probe. */
    engine: z.enum(['open', 'closed']).default('open'),
    /**
     * Wire protocol: http1 (when absent), h2c, h2 or grpc (see LOAD_PROTOCOLS). No default is
     * filled in, so scenarios written before it keep their content hash.
     */
    protocol: z.enum(LOAD_PROTOCOLS).optional(),
    /**
     * Concurrent streams per connection for h2c, h2 and grpc (DEFAULT_MAX_STREAMS when absent; the
     * server's SETTINGS_MAX_CONCURRENT_STREAMS lowers it); requests beyond connections × streams queue.
     */
    maxStreams: z.number().int().positive().max(MAX_STREAMS_LIMIT).optional(),
    /** The entry is served over TLS and the agents speak https:// to it (LoadTlsSpecSchema). */
    tls: LoadTlsSpecSchema.optional(),
    /** Arrival process of the open loop. */
    arrival: z.enum(['uniform', 'poisson']).default('uniform'),
    levels: z.array(LevelSpecSchema).min(1, 'needs at least one level'),
    /** Keep-alive connections per agent (HTTP/1.1: one request each at a time; HTTP/2: maxStreams each). */
    connections: z.number().int().positive().max(10_000).default(16),
    /** `0s` is allowed: no warm-up (the first window then includes connection set-up). */
    warmup: optionalDurationMsField.prefault('10s'),
    duration: durationMsField,
    repetitions: z.number().int().positive().max(1_000).default(3),
    /** Per-request timeout; a request not answered by then counts as a timeout error. */
    timeout: durationMsField.prefault('5s'),
    /** Requests allowed to wait for a connection before new ones are dropped (counted, invalidating). */
    maxQueuedRequests: z.number().int().positive().default(10_000),
    /** Load-agent processes/pods; the rate is split between them and histograms merged. */
    agents: z.number().int().positive().max(64).default(1),
    /** Sending threads per agent (open loop): each owns connections/threads and every threads-th arrival. */
    threads: z.number().int().positive().max(64).default(1),
    /** Seed for the Poisson arrivals and the request mix, so runs are reproducible. */
    seed: z.number().int().nonnegative().default(1),
  })
  .strict()
  // YAML says `warmup: 10s`; code gets units in names.
  .transform(({ warmup, duration, timeout, ...rest }) => ({ ...rest, warmupMs: warmup, durationMs: duration, timeoutMs: timeout }));

export const ValiditySpecSchema = z
  .object({
    /** A repetition whose achieved rate is below target by more than this is invalid. */
    maxRateShortfallPct: z.number().nonnegative().default(1),
    /** Non-2xx responses plus transport errors, as % of requests, above which a repetition is invalid. */
    maxErrorPct: z.number().nonnegative().default(1),
    /** Scheduler lag p99 above which the generator is considered saturated. */
    maxSchedulerLagP99Us: z.number().positive().default(5_000),
    /**
     * A level needs at least this many valid repetitions, else the run is invalid (exit 6). The
     * same rule as the gate's `validity` (whose default minimum, 3, is for comparing two sides).
     */
    minValidRepetitions: z.number().int().min(1).max(1_000).default(1),
    /** A level with more invalid repetitions than this share is invalid (exit 6), as in the gate. */
    maxInvalidPct: z.number().min(0).max(100).default(20),
  })
  .strict();

/** Most services a fan-out entry may call (`workload.fanOut`). */
export const MAX_FAN_OUT = 16;
/** Most idle Services a scenario may add (`workload.idleServices`). */
export const MAX_IDLE_SERVICES = 2_000;
/** Most values in an idle-services sweep (one arm each). */
export const MAX_IDLE_SWEEP = 8;

const idleCountField = z.number().int().min(0).max(MAX_IDLE_SERVICES);

export const WorkloadSpecSchema = z
  .object({
    /** Services in the chain: 1 = order only; 2 = gateway → order; 3 = gateway → order → fulfillment. */
    chainDepth: z.number().int().min(1).max(5).default(1),
    /**
     * `chain` (the default): each service calls the next; `fan-out`: a gateway calls `fanOut`
     * services in parallel and answers once all have answered (docs/topology.md).
     */
    topology: z.enum(['chain', 'fan-out']).optional(),
    /** With `topology: fan-out`: how many services the gateway calls (default 3). */
    fanOut: z.number().int().min(1).max(MAX_FAN_OUT).optional(),
    /**
     * Idle Services (and their endpoints) added to the cluster so the proxies' configuration grows
     * as in a bigger mesh; a list (ascending) measures one arm per value, a curve against N.
     */
    idleServices: z.union([idleCountField, z.array(idleCountField).min(2, 'a list needs two or more values (one arm each)').max(MAX_IDLE_SWEEP)]).optional(),
    /** Response body size of the order-service, bytes. */
    responseBytes: z.number().int().nonnegative().max(10_000_000).default(256),
    /** Fixed delay the order-service adds to each request (calibration). */
    addedDelay: optionalDurationMsField.prefault('0ms'),
    /** Orders created before the measurement so GET/PATCH hit existing ids. */
    seedOrders: z.number().int().nonnegative().max(100_000).default(1_000),
  })
  .strict()
  .superRefine((w, ctx) => {
    if (w.fanOut !== undefined && w.topology !== 'fan-out') {
      ctx.addIssue({ code: 'custom', path: ['fanOut'], message: `fanOut goes with topology: fan-out, not topology: ${w.topology ?? 'chain (the default)'}` });
    }
    if (w.topology === 'fan-out' && w.chainDepth !== 1) {
      ctx.addIssue({ code: 'custom', path: ['chainDepth'], message: `chainDepth ${w.chainDepth} goes with topology: chain; a fan-out is one gateway calling fanOut services` });
    }
    if (Array.isArray(w.idleServices)) {
      const list = w.idleServices;
      const bad = list.findIndex((n, i) => i > 0 && n <= (list[i - 1] as number));
      if (bad > 0) ctx.addIssue({ code: 'custom', path: ['idleServices', bad], message: `the list must be strictly ascending (${list[bad - 1]} then ${list[bad]})` });
    }
  })
  // Absent and default values stay undefined, so scenarios written before topology and idle
  // services keep their content hash (results/new-result.ts).
  .transform(({ addedDelay, topology, fanOut, idleServices, ...rest }) => ({
    ...rest,
    addedDelayMs: addedDelay,
    topology: topology === 'fan-out' ? ('fan-out' as const) : undefined,
    fanOut: topology === 'fan-out' ? (fanOut ?? 3) : undefined,
    idleServices: idleServices === 0 ? undefined : idleServices,
  }));

/** Retries of a failed request by the client-side proxy (docs/capability-matrix.md). */
export const RetrySpecSchema = z
  .object({
    /** Retries after the first attempt (Istio's `attempts`, Envoy's `num_retries`, haproxy's `retries`). */
    attempts: z.number().int().min(1).max(10),
    /** Deadline of each attempt; absent = the proxy's default. */
    perTryTimeout: durationMsField.optional(),
    /**
     * What is retried: `connect-failure`, `reset` (connection closed before a response),
     * `gateway-error` (502, 503, 504), `5xx` (any 5xx, which includes gateway errors).
     */
    on: z
      .array(z.enum(['connect-failure', 'reset', 'gateway-error', '5xx']))
      .min(1, 'needs at least one condition')
      .default(['connect-failure', 'gateway-error']),
  })
  .strict()
  .transform(({ perTryTimeout, ...rest }) => ({ ...rest, perTryTimeoutMs: perTryTimeout ?? null }));

export const TimeoutSpecSchema = z
  .object({
    /** Deadline of a whole request at the client-side proxy; past it the proxy answers 504. */
    request: durationMsField,
  })
  .strict()
  .transform(({ request }) => ({ requestMs: request }));

export const TelemetrySpecSchema = z
  .object({
    /** `metrics`: the mesh's request metrics scraped; `tracing`: metrics plus distributed traces. */
    mode: z.enum(['off', 'metrics', 'tracing']),
    /** Share of requests traced, % (only with `tracing`). */
    samplingPct: z.number().min(0).max(100).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.samplingPct !== undefined && t.mode !== 'tracing') {
      ctx.addIssue({ code: 'custom', path: ['samplingPct'], message: `samplingPct goes with mode: tracing, not mode: ${t.mode}` });
    }
  })
  .transform((t) => ({ mode: t.mode, samplingPct: t.mode === 'tracing' ? (t.samplingPct ?? 1) : null }));

export const TrafficSplitSpecSchema = z
  .object({
    /** Share of requests sent to the canary copy of the order-service, %. */
    canaryWeightPct: z.number().int().min(1).max(99),
  })
  .strict();

export const OutlierDetectionSpecSchema = z
  .object({
    /** Consecutive 5xx answers after which an endpoint is ejected. */
    consecutive5xx: z.number().int().min(1).max(1_000).default(5),
    /** How long an ejected endpoint stays out. */
    ejectionTime: durationMsField.prefault('30s'),
  })
  .strict()
  .transform(({ ejectionTime, ...rest }) => ({ ...rest, ejectionTimeMs: ejectionTime }));

/**
 * Mesh capabilities a scenario switches on (docs/capability-matrix.md). Every one that is on must
 * be supported by the target, which says so at plan time, or the run is refused: nothing is
 * skipped silently. `l7: true` is the older spelling of `authz: l7` and is still read.
 */
export const FeatureSpecSchema = z
  .object({
    /** Mutual TLS expectation; `strict` requires proof that plaintext is refused. */
    mtls: z.enum(['strict', 'permissive', 'off']).default('strict'),
    /** Authorization policy: `l4` allows callers by mTLS identity, `l7` also by method and path. */
    authz: z.enum(['off', 'l4', 'l7']).optional(),
    /** Older spelling of `authz: l7` (true) or `authz: off` (false). */
    l7: z.boolean().optional(),
    retries: RetrySpecSchema.optional(),
    timeouts: TimeoutSpecSchema.optional(),
    /** One access-log line per request in the proxies. */
    accessLog: z.boolean().default(false),
    /** HTTP/2 between the client- and server-side proxies (requests multiplexed on one connection). */
    upstreamHttp2: z.boolean().default(false),
    telemetry: TelemetrySpecSchema.optional(),
    trafficSplit: TrafficSplitSpecSchema.optional(),
    outlierDetection: OutlierDetectionSpecSchema.optional(),
    /**
     * Scope each proxy's configuration to what its workload calls: `namespace` = only the
     * workload's own namespace and the mesh's (Istio `Sidecar` egress hosts), so idle services
     * elsewhere stay out of it (docs/topology.md). `off` (the default): the mesh's default.
     */
    configScope: z.enum(['off', 'namespace']).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.l7 !== undefined && f.authz !== undefined && (f.l7 ? 'l7' : 'off') !== f.authz) {
      ctx.addIssue({ code: 'custom', path: ['l7'], message: `l7: ${f.l7} is the older spelling of authz: ${f.l7 ? 'l7' : 'off'}, which contradicts authz: ${f.authz}; keep only authz` });
    }
  })
  .transform(({ l7, authz, retries, timeouts, telemetry, trafficSplit, outlierDetection, configScope, ...rest }) => ({
    ...rest,
    authz: authz ?? (l7 ? ('l7' as const) : ('off' as const)),
    retries: retries ?? null,
    timeouts: timeouts ?? null,
    telemetry: telemetry && telemetry.mode !== 'off' ? telemetry : null,
    trafficSplit: trafficSplit ?? null,
    outlierDetection: outlierDetection ?? null,
    configScope: configScope === 'namespace' ? ('namespace' as const) : null,
  }));

/**
 * One arm of a scenario that lists feature sets (docs/capability-matrix.md): its name (the arm
 * label, used in result file names) and its complete `features` block (absent: the scenario's own).
 */
export const FeatureSetSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a feature set name is 1–40 lowercase letters, digits and dashes, starting with a letter or digit'),
    features: FeatureSpecSchema.optional(),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    apiVersion: z.literal(CONFIG_API_VERSION),
    kind: z.literal('Scenario'),
    name: nameField,
    description: z.string().default(''),
    requests: z.array(RequestSpecSchema).min(1, 'needs at least one request'),
    workload: WorkloadSpecSchema.prefault({}),
    load: LoadSpecSchema,
    validity: ValiditySpecSchema.prefault({}),
    features: FeatureSpecSchema.prefault({}),
    /** Feature sets measured as the arms of one batch, the first the reference (bench run without --arms). */
    featureSets: z.array(FeatureSetSchema).min(2, 'lists at least two feature sets: the reference first, then what it is compared with').optional(),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    scenario.featureSets?.forEach((set, i) => {
      if (scenario.featureSets?.findIndex((other) => other.name === set.name) !== i) {
        ctx.addIssue({ code: 'custom', path: ['featureSets', i, 'name'], message: `feature set "${set.name}" is listed twice` });
      }
    });
    if (scenario.load.tls !== undefined) {
      if (scenario.load.protocol === 'h2c') {
        ctx.addIssue({ code: 'custom', path: ['load', 'protocol'], message: 'h2c is cleartext HTTP/2; with load.tls use protocol h2 (HTTP/2 over TLS, chosen by ALPN)' });
      }
      const sets: { features: FeatureSpec; path: (string | number)[] }[] = [{ features: scenario.features, path: ['features'] }];
      scenario.featureSets?.forEach((set, i) => {
        if (set.features) sets.push({ features: set.features, path: ['featureSets', i, 'features'] });
      });
      for (const { features, path } of sets) {
        for (const field of httpOnlyFeatures(features)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, field],
            message: `${field} needs the proxies to read HTTP, but with load.tls the agent's TLS ends at the entry service, so a proxy in front of it sees only TLS records; drop one of them`,
          });
        }
      }
    } else if (scenario.load.protocol === 'h2') {
      ctx.addIssue({ code: 'custom', path: ['load', 'protocol'], message: 'h2 is HTTP/2 over TLS: add load.tls (the entry is then served over TLS), or use h2c for cleartext HTTP/2' });
    }
    if (scenario.load.protocol === 'grpc') {
      scenario.requests.forEach((r, i) => {
        if (grpcMethodOfRoute(r.method, r.path) === null) {
          ctx.addIssue({
            code: 'custom',
            path: ['requests', i, 'path'],
            message: `${r.method} ${r.path} has no gRPC method; with load.protocol grpc every request must be an order route (POST /orders, GET /orders/{id}, PATCH /orders/{id}/status)`,
          });
        }
      });
    }
    if (scenario.validity.minValidRepetitions > scenario.load.repetitions) {
      ctx.addIssue({
        code: 'custom',
        path: ['validity', 'minValidRepetitions'],
        message: `${scenario.validity.minValidRepetitions} valid repetitions can never be reached with load.repetitions ${scenario.load.repetitions}`,
      });
    }
  });

/**
 * The features that make a proxy in front of the entry parse HTTP (which TLS from the agent to the
 * entry hides from it), by field name as written in a scenario.
 */
function httpOnlyFeatures(f: FeatureSpec): string[] {
  const out: string[] = [];
  if (f.authz === 'l7') out.push('authz');
  if (f.retries) out.push('retries');
  if (f.timeouts) out.push('timeouts');
  if (f.upstreamHttp2) out.push('upstreamHttp2');
  if (f.telemetry?.mode === 'tracing') out.push('telemetry');
  if (f.trafficSplit) out.push('trafficSplit');
  if (f.outlierDetection) out.push('outlierDetection');
  return out;
}

/** A scenario as written in YAML (durations as strings). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** A resolved scenario: defaults filled, durations in milliseconds. */
export type Scenario = z.output<typeof ScenarioSchema>;
export type RequestSpec = z.output<typeof RequestSpecSchema>;
export type LoadSpec = z.output<typeof LoadSpecSchema>;
export type ValiditySpec = z.output<typeof ValiditySpecSchema>;
export type WorkloadSpec = z.output<typeof WorkloadSpecSchema>;
export type FeatureSpec = z.output<typeof FeatureSpecSchema>;
