/**
 * The closed-loop engine: autocannon with N connections, each sending its next request as soon as
 * the previous one is answered — a maximum-throughput probe, not a latency-at-rate measurement
 * (closed loops hide queueing: coordinated omission). Latency is recorded in integer µs from
 * autocannon's per-response events (its own histogram is whole milliseconds: too coarse).
 */
import autocannon from 'autocannon';
import { interruptedError } from '../errors.ts';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from './latency-histogram.ts';
import type { EngineResult } from './open-loop-engine.ts';
import type { RequestPicker } from './request-mix.ts';
import { classifyTransportError, OutcomeCounts } from './request-outcome.ts';

export interface ClosedLoopOptions {
  targetUrl: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  timeoutMs: number;
  picker: RequestPicker;
  signal?: AbortSignal | undefined;
  onWindowStart?: ((epochMs: number) => void) | undefined;
  onWindowEnd?: ((epochMs: number) => void) | undefined;
}

/** Requests pre-rendered from the mix for each closed-loop run. */
const MIX_SEQUENCE_LENGTH = 200;

interface CannonRun {
  instance: autocannon.Instance;
  done: Promise<autocannon.Result>;
}

function startCannon(options: ClosedLoopOptions, durationMs: number): CannonRun {
  const { picker } = options;
  let resolveDone: (r: autocannon.Result) => void = () => undefined;
  let rejectDone: (e: unknown) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const instance = autocannon(
    {
      url: options.targetUrl,
      connections: options.connections,
      pipelining: 1,
      duration: durationMs / 1_000,
      timeout: Math.max(1, Math.ceil(options.timeoutMs / 1_000)),
      // Pre-rendered requests (no setupRequest: autocannon then re-renders nothing per request).
      // A fixed sequence drawn from the weighted mix keeps its proportions.
      requests: Array.from({ length: MIX_SEQUENCE_LENGTH }, () => {
        const next = picker.next();
        return { method: next.method, path: next.path, headers: next.headers, body: next.body ?? undefined };
      }),
    },
    (err: unknown, result: autocannon.Result) => (err ? rejectDone(err) : resolveDone(result)),
  );
  return { instance, done };
}

/** Runs a warm-up then one measured window at maximum throughput. */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<EngineResult> {
  const { signal } = options;
  const stopOnAbort = (run: CannonRun) => {
    const onAbort = () => run.instance.stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    return () => signal?.removeEventListener('abort', onAbort);
  };
  if (options.warmupMs > 0) {
    const warm = startCannon(options, options.warmupMs);
    const detach = stopOnAbort(warm);
    await warm.done.finally(detach);
  }
  if (signal?.aborted) throw interruptedError();

  const latency = createLatencyHistogram();
  const counts = new OutcomeCounts();
  const cpuAtStart = process.cpuUsage();
  const windowStartMs = Date.now();
  options.onWindowStart?.(windowStartMs);
  const run = startCannon(options, options.durationMs);
  run.instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
    recordLatencyUs(latency, responseTimeMs * 1_000);
    counts.addResponse(statusCode);
  });
  run.instance.on('reqError', (err: unknown) => counts.addTransportError(classifyTransportError(err)));
  const detach = stopOnAbort(run);
  const result = await run.done.finally(detach);
  const windowEndMs = Date.now();
  const used = process.cpuUsage(cpuAtStart);
  options.onWindowEnd?.(windowEndMs);
  if (signal?.aborted) throw interruptedError();
  // autocannon reports timeouts separately from reqError.
  for (let i = 0; i < result.timeouts; i++) counts.addTransportError('timeout');

  const encoded = encodeHistogram(latency);
  const sent = counts.completed + counts.transportErrors;
  return {
    engine: 'closed',
    arrival: 'closed-loop',
    connections: options.connections,
    targetRps: 0,
    windowStartMs,
    windowEndMs,
    durationMs: windowEndMs - windowStartMs,
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
    cpuCoreSeconds: (used.user + used.system) / 1e6,
  };
}
