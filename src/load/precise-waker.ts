/**
 * Sub-millisecond wake-ups for the open-loop scheduler without burning a core.
 *
 * Node's timers have 1 ms granularity (setTimeout fires ≥ 1 ms late), which would put ~1 ms of
 * scheduler lag on every request at a few thousand rps; a setImmediate spin loop is precise but
 * keeps one core at 100 % — on a 2-core machine that steals CPU from the server under test. So a
 * small worker thread sleeps in `Atomics.wait` (futex) until the next intended send time, then
 * posts one message; the main thread then sends every request that is due (a batch).
 *
 * What it costs, and how this keeps it down (docs/engine.md has the measurements):
 * - The main thread writes the upcoming intended times into a ring in shared memory, ahead of
 *   time. The waker reads them there, so the main thread does not notify it per request (a futex
 *   wake per request was ~20 % of the main thread's CPU at 5k rps).
 * - At most one wake-up is pending: a busy main thread gets one message, not a backlog, and
 *   everything due by the time it runs goes out in that one turn.
 * - `minWakeGapMs` spaces wake-ups at least that far apart at high rates (each wake-up costs a
 *   timed futex wait and a message, tens of µs of CPU in a VM); requests due in between go out in
 *   the next batch. Latency is still timed from each request's own intended time.
 */
import { Worker } from 'node:worker_threads';

/** Intended times held ahead in the ring; at 40k rps this is ~100 ms of schedule. */
export const WAKER_RING_SIZE = 4_096;

// Control words (Int32): stop flag, wake pending, entries written, entries sent, waker starving.
const STOP = 0;
const PENDING = 1;
const WRITTEN = 2;
const SENT = 3;
const STARVING = 4;
const CONTROL_BYTES = 32;

/** Worker source, kept inline so the bundled agent needs no extra file. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const ctl = new Int32Array(workerData.sab, 0, 8);
const ring = new Float64Array(workerData.sab, ${CONTROL_BYTES}, ${WAKER_RING_SIZE});
const SIZE = ${WAKER_RING_SIZE};
const minGapMs = workerData.minWakeGapMs;
// The main thread's performance.now() clock, from this thread's.
const shiftMs = performance.timeOrigin - workerData.mainTimeOrigin;
let next = 0;          // first entry this waker has not woken for
let lastPostMs = -Infinity;
while (Atomics.load(ctl, ${STOP}) === 0) {
  const written = Atomics.load(ctl, ${WRITTEN});
  const sent = Atomics.load(ctl, ${SENT});
  if (sent > next) next = sent;
  if (next >= written) {
    // The main thread has not written further ahead: sleep until it does.
    Atomics.store(ctl, ${STARVING}, 1);
    if (Atomics.load(ctl, ${WRITTEN}) === written) Atomics.wait(ctl, ${WRITTEN}, written, 1000);
    Atomics.store(ctl, ${STARVING}, 0);
    continue;
  }
  let dueMs = ring[next % SIZE];
  // The main thread overwrites only entries it has sent: if it sent this one meanwhile, re-read.
  if (Atomics.load(ctl, ${SENT}) > next) continue;
  if (dueMs < lastPostMs + minGapMs) dueMs = lastPostMs + minGapMs;
  const waitMs = dueMs - (performance.now() + shiftMs);
  if (waitMs > 0) {
    Atomics.wait(ctl, ${STOP}, 0, waitMs);
    continue;
  }
  const nowMs = performance.now() + shiftMs;
  if (Atomics.compareExchange(ctl, ${PENDING}, 0, 1) === 0) {
    parentPort.postMessage(0);
    lastPostMs = nowMs;
  }
  // Everything due by now goes out in the batch this wake-up (or the pending one) triggers.
  while (next < written && ring[next % SIZE] <= nowMs) next++;
}
`;

export interface PreciseWaker {
  /** Room in the ring for more intended times. */
  readonly free: number;
  /** Appends the next intended time (main thread's performance.now() ms, non-decreasing). */
  push(dueMs: number): void;
  /** The intended time of the k-th unsent entry (k < ahead). */
  entry(k: number): number;
  /** Pushed entries not yet sent. */
  readonly ahead: number;
  /** Marks the oldest `count` intended times as sent. */
  markSent(count: number): void;
  /** Wake-ups delivered so far. */
  readonly wakeUps: number;
  /** Makes pushed entries visible to the waker (call after a series of push/markSent). */
  publish(): void;
  close(): Promise<void>;
}

/**
 * Starts the waker; `onWake` runs on the main thread at (about) the earliest unsent intended time.
 * `minWakeGapMs` (≥ 0): least time between two wake-ups.
 */
export function createPreciseWaker(onWake: () => void, options: { minWakeGapMs: number }): PreciseWaker {
  const sab = new SharedArrayBuffer(CONTROL_BYTES + 8 * WAKER_RING_SIZE);
  const ctl = new Int32Array(sab, 0, 8);
  const ring = new Float64Array(sab, CONTROL_BYTES, WAKER_RING_SIZE);
  let written = 0;
  let sent = 0;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab, minWakeGapMs: options.minWakeGapMs, mainTimeOrigin: performance.timeOrigin } });
  let wakeUps = 0;
  worker.on('message', () => {
    wakeUps++;
    // Cleared before the main thread reads the clock: anything due after this gets a new wake-up.
    Atomics.store(ctl, PENDING, 0);
    onWake();
  });
  return {
    get free() {
      return WAKER_RING_SIZE - (written - sent);
    },
    get wakeUps() {
      return wakeUps;
    },
    get ahead() {
      return written - sent;
    },
    push(dueMs: number) {
      ring[written % WAKER_RING_SIZE] = dueMs;
      written++;
    },
    entry(k: number) {
      return ring[(sent + k) % WAKER_RING_SIZE] as number;
    },
    markSent(count: number) {
      sent += count;
      Atomics.store(ctl, SENT, sent);
    },
    publish() {
      Atomics.store(ctl, WRITTEN, written);
      if (Atomics.load(ctl, STARVING) === 1) Atomics.notify(ctl, WRITTEN);
    },
    async close() {
      Atomics.store(ctl, STOP, 1);
      Atomics.notify(ctl, STOP);
      Atomics.notify(ctl, WRITTEN);
      await worker.terminate();
    },
  };
}
