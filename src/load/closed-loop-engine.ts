/**
 * The closed-loop engine: N keep-alive connections, each sending its next request as soon as the
 * previous one is answered — a maximum-throughput probe, not a latency-at-rate measurement
 * (closed loops hide queueing: coordinated omission). Requests are pre-rendered bytes on raw
 * sockets (raw-http-connection.ts), so one Node thread gets close to wrk; latency is recorded in
 * integer µs.
 *
 * Design change (docs/design.md "Decisions"; autocannon): autocannon reached 0.38× wrk against the same
 * trivial server on this machine; its per-request work (JS HTTP parser, request rebuilding) made
 * the generator, not the server, the bottleneck — the one thing a max-throughput probe must avoid.
 */
import { interruptedError } from '../errors.ts';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../stats/latency-histogram.ts';
import type { LoadProtocol } from '../config/scenario-schema.ts';
import { createLoadTransport, type LoadTlsOptions } from './load-transport.ts';
import type { EngineResult } from './open-loop-engine.ts';
import type { RequestPicker } from './request-mix.ts';
import { OutcomeCounts } from './request-outcome.ts';
import type { ClosedLoopChannel, ResponseHandler } from './request-pool.ts';

export interface ClosedLoopOptions {
  targetUrl: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  timeoutMs: number;
  picker: RequestPicker;
  /** Wire protocol (default http1); h2c, h2 and grpc keep connections × maxStreams requests outstanding. */
  protocol?: LoadProtocol | undefined;
  maxStreams?: number | undefined;
  tls?: LoadTlsOptions | undefined;
  signal?: AbortSignal | undefined;
  onWindowStart?: ((epochMs: number) => void) | undefined;
  onWindowEnd?: ((epochMs: number) => void) | undefined;
  /** Tallies of the measured window, kept here so the caller can read them live (progress); default: the engine's own. */
  counts?: OutcomeCounts | undefined;
}

/** Requests pre-rendered from the mix; a fixed sequence drawn from the weighted mix keeps its proportions. */
const MIX_SEQUENCE_LENGTH = 256;
/** Pause before retrying after a transport error, so a dead server is not hammered in a hot loop. */
const ERROR_BACKOFF_MS = 5;

/** One connection's loop state; it is also the response handler (no closures per request). */
class Slot implements ResponseHandler {
  startedMs = 0;
  measured = false;
  busy = false;

  constructor(
    readonly connection: ClosedLoopChannel<unknown>,
    private readonly next: (slot: Slot) => void,
    private readonly record: (slot: Slot, statusCode: number) => void,
    private readonly recordError: (slot: Slot, kind: string) => void,
  ) {}

  onResponse(statusCode: number): void {
    this.record(this, statusCode);
    this.next(this);
  }

  onError(kind: string): void {
    this.recordError(this, kind);
  }
}

const toEpochMs = (perfMs: number) => performance.timeOrigin + perfMs;

export async function runClosedLoop(options: ClosedLoopOptions): Promise<EngineResult> {
  const { signal } = options;
  const transport = createLoadTransport(options);
  const requests = Array.from({ length: MIX_SEQUENCE_LENGTH }, () => transport.prepare(options.picker.next()));
  const latency = createLatencyHistogram();
  const counts = options.counts ?? new OutcomeCounts();
  const t0 = performance.now();
  const windowStart = t0 + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  let sequence = 0;
  let sent = 0;
  let stopping = false;
  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let cpuCoreSeconds = 0;
  let resolveIdle: () => void = () => undefined;
  const allIdle = new Promise<void>((resolve) => {
    resolveIdle = resolve;
  });

  const checkIdle = () => {
    if (stopping && slots.every((s) => !s.busy)) resolveIdle();
  };
  const sendNext = (slot: Slot) => {
    if (stopping) {
      slot.busy = false;
      checkIdle();
      return;
    }
    const startedMs = performance.now();
    slot.measured = startedMs >= windowStart;
    if (slot.measured) sent++;
    slot.startedMs = startedMs;
    slot.busy = true;
    slot.connection.send(requests[sequence++ % MIX_SEQUENCE_LENGTH], slot);
  };
  const record = (slot: Slot, statusCode: number) => {
    if (!slot.measured) return;
    recordLatencyUs(latency, (performance.now() - slot.startedMs) * 1_000);
    counts.addResponse(statusCode);
  };
  const recordError = (slot: Slot, kind: string) => {
    if (slot.measured) counts.addTransportError(kind);
    if (kind === 'timeout' || stopping) sendNext(slot);
    else setTimeout(() => sendNext(slot), ERROR_BACKOFF_MS);
  };
  // One slot per connection (HTTP/1.1) or per stream slot of each connection (HTTP/2).
  const slots: Slot[] = transport.createClosedLoopChannels().map((channel) => new Slot(channel, sendNext, record, recordError));

  // Deadline sweep: a request outstanding past the timeout is failed and its connection replaced.
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const slot of slots) if (slot.busy && now - slot.startedMs > options.timeoutMs) slot.connection.expire();
  }, Math.max(10, Math.min(250, options.timeoutMs / 4)));
  const startTimer = setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    options.onWindowStart?.(toEpochMs(windowStart));
  }, Math.max(0, windowStart - performance.now()));
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const used = process.cpuUsage(cpuAtStart ?? undefined);
    cpuCoreSeconds = (used.user + used.system) / 1e6;
    if (!signal?.aborted) options.onWindowEnd?.(toEpochMs(windowEnd));
    checkIdle();
  };
  const endTimer = setTimeout(stop, Math.max(0, windowEnd - performance.now()));
  signal?.addEventListener('abort', stop, { once: true });
  for (const slot of slots) sendNext(slot);
  try {
    await allIdle;
  } finally {
    clearInterval(sweep);
    clearTimeout(startTimer);
    clearTimeout(endTimer);
    signal?.removeEventListener('abort', stop);
    for (const slot of slots) slot.connection.close();
  }
  if (signal?.aborted) throw interruptedError();

  const encoded = encodeHistogram(latency);
  const tls = transport.tlsStats();
  return {
    engine: 'closed',
    arrival: 'closed-loop',
    connections: options.connections,
    targetRps: 0,
    windowStartMs: toEpochMs(windowStart),
    windowEndMs: toEpochMs(windowEnd),
    durationMs: options.durationMs,
    scheduled: sent,
    sent,
    completed: counts.completed,
    ok: counts.ok,
    errors: counts.errors,
    dropped: 0,
    statusCounts: counts.statusCounts,
    errorCounts: counts.errorCounts,
    // Closed loop: the intended send time is the actual one, so latency = service time.
    histograms: { latencyUs: encoded, serviceTimeUs: encoded, schedulerLagUs: encodeHistogram(createLatencyHistogram()) },
    lateSends: 0,
    cpuCoreSeconds,
    ...(tls ? { tls } : {}),
  };
}
