/**
 * The open-loop engine: a constant arrival rate on a pool of keep-alive HTTP/1.1 connections
 * (raw sockets with pre-rendered requests: a fraction of a general client's CPU per request, so
 * the generator stays far from saturation; see raw-http-connection.ts), over TLS for https://
 * targets (tls-connect.ts), or of HTTP/2 connections with many streams each for h2c, h2 and gRPC
 * (load-transport.ts).
 *
 * - Requests are due at t0 + i/rate (or Poisson gaps). Latency is timed from that intended time,
 *   so queueing behind a stalled server or a busy generator is in the numbers (no coordinated
 *   omission); service time is timed from when the request was written to its connection.
 * - A request that finds every connection (HTTP/2: every stream slot) busy waits in the pool's
 *   queue and is still timed from its intended time. Only past `connections (× streams) +
 *   maxQueuedRequests` in flight is a request dropped; drops are counted and invalidate the
 *   repetition.
 * - Only requests whose intended time falls in the measured window are recorded; the warm-up
 *   before it is sent the same way but not recorded.
 */
import { HarnessError, interruptedError } from '../errors.ts';
import type { LoadProtocol } from '../config/scenario-schema.ts';
import type { AgentResult } from '../plan/agent-protocol.ts';
import { createLatencyHistogram, encodeHistogram, recordLatencyUs } from '../stats/latency-histogram.ts';
import { createArrivalSchedule, sliceArrivalSchedule } from './arrival-schedule.ts';
import { createPreciseWaker, WAKER_RING_SIZE } from './precise-waker.ts';
import type { RequestPicker } from './request-mix.ts';
import { createLoadTransport, type LoadTlsOptions } from './load-transport.ts';
import { OutcomeCounts } from './request-outcome.ts';
import { type Tallies, TimedRequest } from './timed-request.ts';

/**
 * The highest rate one engine thread accepts. One thread measured ~40k rps on a 2-core VM
 * (docs/engine.md); above this a run could only report its own lag, so it is refused up front.
 */
export const MAX_OPEN_LOOP_RPS = 100_000;

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
  /** Wire protocol (default http1); h2c, h2 and grpc run `maxStreams` streams per connection. */
  protocol?: LoadProtocol | undefined;
  maxStreams?: number | undefined;
  tls?: LoadTlsOptions | undefined;
  /** This thread's share of the schedule: arrivals index, index + count, … (default: all). */
  slice?: { index: number; count: number } | undefined;
  /** When the schedule starts (epoch ms), shared by the threads of one run (default: now). */
  startEpochMs?: number | undefined;
  /** Least time between two wake-ups of the sender (default: minWakeGapMs(rps)). */
  minWakeGapMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called (epoch ms) when the measured window starts and ends. */
  onWindowStart?: ((epochMs: number) => void) | undefined;
  onWindowEnd?: ((epochMs: number) => void) | undefined;
  /** Tallies of the measured window, kept here so the caller can read them live (progress); default: the engine's own. */
  counts?: OutcomeCounts | undefined;
  /** Filled at the end with how often the waker woke the sender (bench/engine-driver.ts prints it per request). */
  wakeStats?: { wakeUps: number } | undefined;
}

export type EngineResult = Omit<AgentResult, 'agentIndex'>;

/**
 * Intended times are t0 + i/rate in floating point; an arrival meant to fall exactly on a window
 * edge must not land on the wrong side by a rounding error (a 1.5 s window at 150 rps holds 225).
 */
const EDGE_TOLERANCE_MS = 1e-6;

/** Requests rendered ahead, in the mix's proportions; the sequence repeats. */
const PRERENDERED_REQUESTS = 4_096;

/**
 * Least time between two wake-ups of the sender. At low rates every request gets its own
 * wake-up; above 4k rps, requests due within the gap go out together, which bounds the wake-ups (each
 * costs tens of µs of CPU in a VM) while adding at most the gap to the scheduler lag of the first
 * request in a batch. Measured in docs/engine.md.
 */
export function minWakeGapMs(rps: number): number {
  // Below 4k rps the gap between arrivals is already longer than this.
  return rps < 4_000 ? 0 : 0.25;
}

function toEpochMs(perfMs: number): number {
  return performance.timeOrigin + perfMs;
}

/** Runs warm-up plus one measured window at a constant arrival rate. */
export async function runOpenLoop(options: OpenLoopOptions): Promise<EngineResult> {
  const { rps, warmupMs, durationMs, picker, signal } = options;
  if (!(rps > 0)) throw new HarnessError('USAGE', `rate must be positive, got ${rps}`);
  // The waker's shared counters are 32-bit: ~2.1 billion arrivals per run.
  if ((rps * (warmupMs + durationMs)) / 1_000 > 2 ** 31 - WAKER_RING_SIZE) {
    throw new HarnessError('USAGE', `${rps} rps for ${(warmupMs + durationMs) / 1_000} s is more arrivals than one run can schedule; shorten the window`);
  }
  if (rps / (options.slice?.count ?? 1) > MAX_OPEN_LOOP_RPS) {
    throw new HarnessError('USAGE', `rate ${rps} rps is more than one load thread can schedule (at most ${MAX_OPEN_LOOP_RPS.toLocaleString('en-US')} rps per thread)`);
  }
  const transport = createLoadTransport(options);
  const pool = transport.createPool();
  const tallies: Tallies = {
    pool,
    counts: options.counts ?? new OutcomeCounts(),
    timeoutMs: options.timeoutMs,
    latency: createLatencyHistogram(),
    serviceTime: createLatencyHistogram(),
    inFlight: 0,
    inFlightMeasured: 0,
    onSettled: null,
  };
  const lag = createLatencyHistogram();
  const schedule = sliceArrivalSchedule(createArrivalSchedule({ rps, arrival: options.arrival, seed: options.seed }), options.slice ?? { index: 0, count: 1 });
  const maxInFlight = transport.concurrency + options.maxQueuedRequests;

  // Requests rendered once (bytes, or HTTP/2 headers), in a fixed sequence drawn from the weighted mix.
  const rendered = Array.from({ length: PRERENDERED_REQUESTS }, () => transport.prepare(picker.next()));
  let sequence = 0;

  const t0 = options.startEpochMs !== undefined ? options.startEpochMs - performance.timeOrigin : performance.now() + 20;
  const windowStart = t0 + warmupMs;
  const windowEnd = windowStart + durationMs;
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

  const send = (intendedMs: number, nowMs: number) => {
    const measured = intendedMs >= windowStart - EDGE_TOLERANCE_MS;
    if (measured) scheduled++;
    if (tallies.inFlight >= maxInFlight) {
      if (measured) dropped++;
      return;
    }
    tallies.inFlight++;
    if (measured) {
      // Each request's lag from its own intended time, not from the batch's wake-up.
      const lagUs = (nowMs - intendedMs) * 1_000;
      recordLatencyUs(lag, lagUs);
      if (lagUs >= LATE_SEND_THRESHOLD_US) lateSends++;
      sent++;
      tallies.inFlightMeasured++;
    }
    const payload = rendered[sequence];
    sequence = sequence + 1 === PRERENDERED_REQUESTS ? 0 : sequence + 1;
    pool.submit(new TimedRequest(payload, intendedMs, measured, tallies));
  };

  let stopped = false;
  /** Every intended time before the window's end is in the waker's ring. */
  let allScheduled = false;
  let windowEnded = false;
  const fillSchedule = () => {
    let free = waker.free;
    while (!allScheduled && free > 0) {
      const intendedMs = t0 + schedule.nextOffsetMs();
      if (intendedMs >= windowEnd - EDGE_TOLERANCE_MS) allScheduled = true;
      else {
        waker.push(intendedMs);
        free--;
      }
    }
    waker.publish();
  };
  /** Sends every request that is due (one wake-up, one batch). */
  const dispatchDue = () => {
    if (stopped) return;
    const ahead = waker.ahead;
    let n = 0;
    // One clock read per batch; a write to a socket takes a few µs, so re-read it every 16 sends.
    let now = performance.now();
    while (n < ahead) {
      const intendedMs = waker.entry(n);
      if (intendedMs > now) {
        now = performance.now();
        if (intendedMs > now) break;
      }
      send(intendedMs, now);
      n++;
      if ((n & 15) === 0) now = performance.now();
    }
    if (n > 0) waker.markSent(n);
    fillSchedule();
    if (allScheduled && waker.ahead === 0 && windowEnded) {
      stopped = true;
      finishScheduling();
    }
  };
  /**
   * After each response the thread is awake anyway: requests that fell due meanwhile go out now
   * rather than after the next wake-up (which then finds them sent and posts nothing). Never
   * early: only intended times already past are sent, and each is timed from its own.
   */
  tallies.onSettled = () => {
    if (!stopped && waker.ahead > 0 && waker.entry(0) <= performance.now()) dispatchDue();
  };
  const waker = createPreciseWaker(dispatchDue, { minWakeGapMs: options.minWakeGapMs ?? minWakeGapMs(rps) });

  const startTimer = setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    options.onWindowStart?.(toEpochMs(windowStart));
  }, Math.max(0, windowStart - performance.now()));
  const markWindowEnd = () => {
    if (windowEnded) return;
    windowEnded = true;
    const used = process.cpuUsage(cpuAtStart ?? undefined);
    cpuCoreSeconds = (used.user + used.system) / 1e6;
    options.onWindowEnd?.(toEpochMs(windowEnd));
    // Scheduling ends at the window's end, or when a late generator has sent the last request.
    if (allScheduled && waker.ahead === 0) {
      stopped = true;
      finishScheduling();
    }
  };
  const endTimer = setTimeout(markWindowEnd, Math.max(0, windowEnd - performance.now()));

  // Deadline sweep, from the intended send time: requests on a connection and requests queued.
  const sweep = setInterval(() => {
    const now = performance.now();
    pool.expireActive(now);
    pool.expireQueued(now);
  }, Math.max(10, Math.min(250, options.timeoutMs / 4)));

  const onAbort = () => {
    stopped = true;
    finishScheduling();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  fillSchedule();
  try {
    await schedulingDone;
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
    pool.close();
    if (options.wakeStats) options.wakeStats.wakeUps = waker.wakeUps;
  }
  if (signal?.aborted) throw interruptedError();
  // Measured requests that never settled by the drain deadline count as timeouts.
  for (let i = 0; i < tallies.inFlightMeasured; i++) tallies.counts.addTransportError('timeout');

  const counts = tallies.counts;
  const tls = transport.tlsStats();
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
    ...(tls ? { tls } : {}),
  };
}
