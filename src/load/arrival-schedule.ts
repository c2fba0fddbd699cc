/**
 * Intended send times of an open-loop run: request i is due at t0 + i/rate (uniform) or after
 * exponentially distributed gaps (Poisson). Latency is timed from these times, not from when the
 * generator got around to sending, so a stall shows in the tail as users would feel it.
 */
import { seededRandom } from './seeded-random.ts';

export interface ArrivalSchedule {
  /** Offset of the next arrival from t0, milliseconds; advances the schedule. */
  nextOffsetMs(): number;
}

export function createArrivalSchedule(options: { rps: number; arrival: 'uniform' | 'poisson'; seed: number }): ArrivalSchedule {
  const intervalMs = 1_000 / options.rps;
  if (options.arrival === 'uniform') {
    let i = 0;
    // Multiply rather than accumulate so float error does not drift over millions of requests.
    return { nextOffsetMs: () => i++ * intervalMs };
  }
  const random = seededRandom(options.seed ^ 0x5bd1e995);
  let offsetMs = 0;
  return {
    nextOffsetMs: () => {
      const current = offsetMs;
      offsetMs += -Math.log(1 - random()) * intervalMs;
      return current;
    },
  };
}

/**
 * Thread `index` of `count`'s share of a schedule: its arrivals index, index + count, … (as wrk2's
 * threads split one rate). Every thread draws the whole sequence, so Poisson gaps stay the ones a
 * single thread would send.
 */
export function sliceArrivalSchedule(schedule: ArrivalSchedule, slice: { index: number; count: number }): ArrivalSchedule {
  if (slice.count === 1) return schedule;
  for (let i = 0; i < slice.index; i++) schedule.nextOffsetMs();
  let first = true;
  return {
    nextOffsetMs: () => {
      if (!first) for (let i = 1; i < slice.count; i++) schedule.nextOffsetMs();
      first = false;
      return schedule.nextOffsetMs();
    },
  };
}
