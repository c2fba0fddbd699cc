/**
 * Sub-millisecond wake-ups for the open-loop scheduler without burning a core.
 *
 * Node's timers have 1 ms granularity (setTimeout fires ≥ 1 ms late), which would put ~1 ms of
 * scheduler lag on every request at a few thousand rps; a setImmediate spin loop is precise but
 * keeps one core at 100 % — on a 2-core machine that steals CPU from the server under test. So a
 * small worker thread sleeps in `Atomics.wait` (futex, ~50–100 µs slack) until the next intended
 * send time the main thread published in shared memory, then posts one message. At most one
 * wake-up is pending at a time: a busy main thread gets one message, not a backlog.
 */
import { Worker } from 'node:worker_threads';

/** Worker source, kept inline so the bundled agent needs no extra file. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const i32 = new Int32Array(workerData.sab, 0, 4);   // [0] wake pending, [1] stop, [2] due published
const f64 = new Float64Array(workerData.sab, 16, 1); // [0] next due, epoch ms (Infinity = none)
const MAX_SLEEP_MS = 20;
const now = () => performance.timeOrigin + performance.now();
while (Atomics.load(i32, 1) === 0) {
  // Clear the change flag before reading the due time: an update after the read sets it again
  // and the wait below returns at once instead of sleeping on a stale time.
  Atomics.store(i32, 2, 0);
  const waitMs = f64[0] - now();
  if (waitMs > 0.03) {
    Atomics.wait(i32, 2, 0, Math.min(waitMs - 0.02, MAX_SLEEP_MS));
    continue;
  }
  if (Atomics.compareExchange(i32, 0, 0, 1) === 0) parentPort.postMessage(0);
  // Sleep until the main thread publishes the next due time (one futex wake per send).
  Atomics.wait(i32, 2, 0, MAX_SLEEP_MS);
}
`;

export interface PreciseWaker {
  /** Asks for one wake-up at `dueEpochMs` (Infinity: none); replaces any earlier request. */
  wakeAt(dueEpochMs: number): void;
  close(): Promise<void>;
}

/** Starts the waker; `onWake` runs on the main thread at (about) the requested time. */
export function createPreciseWaker(onWake: () => void): PreciseWaker {
  const sab = new SharedArrayBuffer(24);
  const i32 = new Int32Array(sab, 0, 4);
  const f64 = new Float64Array(sab, 16, 1);
  f64[0] = Number.POSITIVE_INFINITY;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab } });
  worker.on('message', () => {
    Atomics.store(i32, 0, 0);
    onWake();
  });
  return {
    wakeAt(dueEpochMs: number) {
      f64[0] = dueEpochMs;
      Atomics.store(i32, 2, 1);
      Atomics.notify(i32, 2);
    },
    async close() {
      Atomics.store(i32, 1, 1);
      Atomics.store(i32, 2, 1);
      Atomics.notify(i32, 2);
      await worker.terminate();
    },
  };
}
