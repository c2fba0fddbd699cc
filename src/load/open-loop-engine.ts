/**
 * The open-loop engine: a constant arrival rate on a keep-alive HTTP/1.1 pool (undici).
 *
 * - Requests are due at t0 + i/rate (or Poisson gaps). Latency is timed from that intended time,
 *   so queueing behind a stalled server or a busy generator is in the numbers (no coordinated
 *   omission); service time is timed from when undici put the request on a socket.
 * - A request that finds every connection busy waits in the pool's queue and is still timed from
 *   its intended time. Only past `connections + maxQueuedRequests` in flight is a request dropped;
 *   drops are counted and invalidate the repetition.
 * - Only requests whose intended time falls in the measured window are recorded; the warm-up
 *   before it is sent the same way but not recorded.
 */
import type { Dispatcher } from 'undici';
import { Pool } from './undici-pool.ts';
import { HarnessError, interruptedError } from '../errors.ts';
import type { AgentResult } from './agent-protocol.ts';
import { createArrivalSchedule } from './arrival-schedule.ts';
import { createLatencyHistogram, encodeHistogram, type LatencyHistogram, recordLatencyUs } from './latency-histogram.ts';
import { createPreciseWaker } from './precise-waker.ts';
import type { RequestPicker } from './request-mix.ts';
import { classifyTransportError, OutcomeCounts, REQUEST_TIMEOUT_CODE } from './request-outcome.ts';

/** Sends this late (or later) after their intended time count as late. */
export const LATE_SEND_THRESHOLD_US = 1_000;

export interface OpenLoopOptions {
  targetUrl: string;
  rps: number;
  arrival: 'uniform' | 'poisson';
  connections: number;
  warmupMs: number;
  durationMs: number;
  timeoutMs: number;
  maxQueuedRequests: number;
  picker: RequestPicker;
  seed: number;
  signal?: AbortSignal | undefined;
  /** Called (epoch ms) when the measured window starts and ends. */
  onWindowStart?: ((epochMs: number) => void) | undefined;
  onWindowEnd?: ((epochMs: number) => void) | undefined;
}

export type EngineResult = Omit<AgentResult, 'agentIndex'>;

interface Tallies {
  counts: OutcomeCounts;
  /** Requests on a socket, for the deadline sweep. */
  active: Set<TimedRequest>;
  timeoutMs: number;
  latency: LatencyHistogram;
  serviceTime: LatencyHistogram;
  inFlight: number;
  inFlightMeasured: number;
  onSettled: (() => void) | null;
}

/** One request's timing; also its undici dispatch handler (one object, no closures). */
class TimedRequest implements Dispatcher.DispatchHandler {
  private startedMs = 0;
  private statusCode = 0;
  private controller: Dispatcher.DispatchController | null = null;

  constructor(
    readonly intendedMs: number,
    private readonly measured: boolean,
    private readonly tallies: Tallies,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.startedMs = performance.now();
    this.controller = controller;
    // Waited for a connection past its deadline: fail it now rather than send it late.
    if (this.startedMs - this.intendedMs > this.tallies.timeoutMs) this.expire();
    else this.tallies.active.add(this);
  }

  /** Aborts the request as timed out (deadline counted from the intended send time). */
  expire(): void {
    this.controller?.abort(Object.assign(new Error('request deadline passed'), { code: REQUEST_TIMEOUT_CODE }));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.statusCode = statusCode;
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    const t = this.tallies;
    t.active.delete(this);
    t.inFlight--;
    if (this.measured) {
      const endMs = performance.now();
      recordLatencyUs(t.latency, (endMs - this.intendedMs) * 1_000);
      recordLatencyUs(t.serviceTime, (endMs - (this.startedMs || this.intendedMs)) * 1_000);
      t.counts.addResponse(this.statusCode);
      t.inFlightMeasured--;
    }
    t.onSettled?.();
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    const t = this.tallies;
    t.active.delete(this);
    t.inFlight--;
    if (this.measured) {
      const kind = classifyTransportError(err);
      // A timed-out request was as slow as the timeout at least: keep it in the tail.
      if (kind === 'timeout') recordLatencyUs(t.latency, (performance.now() - this.intendedMs) * 1_000);
      t.counts.addTransportError(kind);
      t.inFlightMeasured--;
    }
    t.onSettled?.();
  }
}

function toEpochMs(perfMs: number): number {
  return performance.timeOrigin + perfMs;
}

/** Runs warm-up plus one measured window at a constant arrival rate. */
export async function runOpenLoop(options: OpenLoopOptions): Promise<EngineResult> {
  const { rps, warmupMs, durationMs, picker, signal } = options;
  if (!(rps > 0)) throw new HarnessError('USAGE', `rate must be positive, got ${rps}`);
  const url = new URL(options.targetUrl);
  const pool = new Pool(url.origin, {
    connections: options.connections,
    pipelining: 1,
    // Backstops only; the deadline sweep below enforces the timeout from the intended send time.
    headersTimeout: options.timeoutMs + 1_000,
    bodyTimeout: options.timeoutMs + 1_000,
    connectTimeout: options.timeoutMs,
    keepAliveTimeout: 60_000,
  });
  const basePath = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  const tallies: Tallies = {
    counts: new OutcomeCounts(),
    active: new Set(),
    timeoutMs: options.timeoutMs,
    latency: createLatencyHistogram(),
    serviceTime: createLatencyHistogram(),
    inFlight: 0,
    inFlightMeasured: 0,
    onSettled: null,
  };
  const lag = createLatencyHistogram();
  const schedule = createArrivalSchedule({ rps, arrival: options.arrival, seed: options.seed });
  const maxInFlight = options.connections + options.maxQueuedRequests;

  const t0 = performance.now() + 20;
  const windowStart = t0 + warmupMs;
  const windowEnd = windowStart + durationMs;
  let nextIntended = t0 + schedule.nextOffsetMs();
  let scheduled = 0;
  let sent = 0;
  let dropped = 0;
  let lateSends = 0;
  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let cpuCoreSeconds = 0;
  let finishScheduling: () => void = () => undefined;
  const schedulingDone = new Promise<void>((resolve) => {
    finishScheduling = resolve;
  });

  const send = (intendedMs: number) => {
    const measured = intendedMs >= windowStart;
    if (measured) scheduled++;
    if (tallies.inFlight >= maxInFlight) {
      if (measured) dropped++;
      return;
    }
    const request = picker.next();
    tallies.inFlight++;
    if (measured) {
      const lagUs = (performance.now() - intendedMs) * 1_000;
      recordLatencyUs(lag, lagUs);
      if (lagUs >= LATE_SEND_THRESHOLD_US) lateSends++;
      sent++;
      tallies.inFlightMeasured++;
    }
    pool.dispatch(
      { path: basePath + request.path, method: request.method, headers: request.headers, body: request.body },
      new TimedRequest(intendedMs, measured, tallies),
    );
  };

  let stopped = false;
  const dispatchDue = () => {
    if (stopped) return;
    const now = performance.now();
    while (nextIntended <= now) {
      if (nextIntended >= windowEnd) {
        stopped = true;
        finishScheduling();
        return;
      }
      send(nextIntended);
      nextIntended = t0 + schedule.nextOffsetMs();
    }
    waker.wakeAt(toEpochMs(nextIntended));
  };
  const waker = createPreciseWaker(dispatchDue);

  const startTimer = setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    options.onWindowStart?.(toEpochMs(windowStart));
  }, Math.max(0, windowStart - performance.now()));
  let windowEnded = false;
  const markWindowEnd = () => {
    if (windowEnded) return;
    windowEnded = true;
    const used = process.cpuUsage(cpuAtStart ?? undefined);
    cpuCoreSeconds = (used.user + used.system) / 1e6;
    options.onWindowEnd?.(toEpochMs(windowEnd));
  };
  const endTimer = setTimeout(markWindowEnd, Math.max(0, windowEnd - performance.now()));

  // Deadline sweep: undici's own timers are coarse (≈1 s) and count from the socket write.
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const request of tallies.active) if (now - request.intendedMs > options.timeoutMs) request.expire();
  }, Math.max(10, Math.min(250, options.timeoutMs / 4)));

  const onAbort = () => {
    stopped = true;
    finishScheduling();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  waker.wakeAt(toEpochMs(nextIntended));
  try {
    await schedulingDone;
    if (!signal?.aborted) markWindowEnd();
    // Drain: wait for the measured requests still in flight (bounded by the request timeout).
    const drainDeadlineMs = options.timeoutMs + 2_000;
    await new Promise<void>((resolve) => {
      if (tallies.inFlightMeasured === 0 || signal?.aborted) return resolve();
      const timer = setTimeout(resolve, drainDeadlineMs);
      tallies.onSettled = () => {
        if (tallies.inFlightMeasured === 0) {
          clearTimeout(timer);
          resolve();
        }
      };
    });
  } finally {
    clearTimeout(startTimer);
    clearInterval(sweep);
    clearTimeout(endTimer);
    signal?.removeEventListener('abort', onAbort);
    await waker.close();
    await pool.destroy().catch(() => undefined);
  }
  if (signal?.aborted) throw interruptedError();
  // Measured requests that never settled by the drain deadline count as timeouts.
  for (let i = 0; i < tallies.inFlightMeasured; i++) tallies.counts.addTransportError('timeout');

  const counts = tallies.counts;
  return {
    engine: 'open',
    arrival: options.arrival,
    connections: options.connections,
    targetRps: rps,
    windowStartMs: toEpochMs(windowStart),
    windowEndMs: toEpochMs(windowEnd),
    durationMs,
    scheduled,
    sent,
    completed: counts.completed,
    ok: counts.ok,
    errors: counts.errors,
    dropped,
    statusCounts: counts.statusCounts,
    errorCounts: counts.errorCounts,
    histograms: {
      latencyUs: encodeHistogram(tallies.latency),
      serviceTimeUs: encodeHistogram(tallies.serviceTime),
      schedulerLagUs: encodeHistogram(lag),
    },
    lateSends,
    cpuCoreSeconds,
  };
}
