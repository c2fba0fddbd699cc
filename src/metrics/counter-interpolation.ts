/**
 * Reading a sampled series at an arbitrary time. Samples arrive at their own times (every 250 ms
 * from /proc, every 10–15 s from the kubelet), so a value at a window edge is interpolated
 * linearly between the two samples that bracket it, and clamped to the nearest sample when the
 * edge lies outside the sampled span (the caller turns that into a warning).
 */

/** One reading of a cumulative counter or a gauge. */
export interface SeriesPoint {
  timeMs: number;
  value: number;
}

/** A value read off a series at some time, and how far outside the sampled span that time was. */
export interface SeriesReading {
  value: number;
  /** ms from the first sample back to the time when the time is before it; 0 otherwise. */
  beforeFirstMs: number;
  /** ms from the last sample on to the time when the time is after it; 0 otherwise. */
  afterLastMs: number;
}

/**
 * The value of `points` (ascending by time, at least one) at `timeMs`: linear between the
 * bracketing points, clamped to the first/last point outside them.
 */
export function readSeriesAt(points: readonly SeriesPoint[], timeMs: number): SeriesReading {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) throw new RangeError('readSeriesAt needs at least one point');
  if (timeMs <= first.timeMs) return { value: first.value, beforeFirstMs: first.timeMs - timeMs, afterLastMs: 0 };
  if (timeMs >= last.timeMs) return { value: last.value, beforeFirstMs: 0, afterLastMs: timeMs - last.timeMs };
  let lo = 0;
  let hi = points.length - 1;
  // Binary search for the last point at or before timeMs (first.timeMs < timeMs < last.timeMs).
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((points[mid]?.timeMs ?? Number.POSITIVE_INFINITY) <= timeMs) lo = mid;
    else hi = mid;
  }
  const a = points[lo] ?? first;
  const b = points[hi] ?? last;
  const spanMs = b.timeMs - a.timeMs;
  const value = spanMs <= 0 ? b.value : a.value + ((b.value - a.value) * (timeMs - a.timeMs)) / spanMs;
  return { value, beforeFirstMs: 0, afterLastMs: 0 };
}

/** A cumulative counter made continuous across restarts. */
export interface ContinuousCounter {
  points: SeriesPoint[];
  /** How many times the raw counter went backwards (the instance restarted). */
  resets: number;
}

/**
 * Makes a cumulative counter continuous: a decrease means the instance restarted and its counter
 * began again from 0 some time after the previous reading, so the new reading itself is the usage
 * since the restart and is added on top. (Usage between the previous reading and the restart is
 * unknowable and lost.)
 */
export function continuousCounter(points: readonly SeriesPoint[]): ContinuousCounter {
  const out: SeriesPoint[] = [];
  let resets = 0;
  let previousRaw: number | undefined;
  let total = 0;
  for (const point of points) {
    if (previousRaw === undefined) total = point.value;
    else if (point.value >= previousRaw) total += point.value - previousRaw;
    else {
      total += point.value;
      resets += 1;
    }
    previousRaw = point.value;
    out.push({ timeMs: point.timeMs, value: total });
  }
  return { points: out, resets };
}

/** The increase of a cumulative counter over [startMs, endMs], and the edges it had to clamp. */
export interface CounterDelta {
  delta: number;
  /** ms of the window before the first sample (not counted); 0 when the start is bracketed. */
  startUncoveredMs: number;
  /** ms of the window after the last sample (not counted); 0 when the end is bracketed. */
  endUncoveredMs: number;
  resets: number;
}

/** Counter increase over a window, interpolated at both edges; `points` ascending, at least one. */
export function counterDeltaOverWindow(
  points: readonly SeriesPoint[],
  window: { startMs: number; endMs: number },
): CounterDelta {
  const counter = continuousCounter(points);
  const start = readSeriesAt(counter.points, window.startMs);
  const end = readSeriesAt(counter.points, window.endMs);
  const first = counter.points[0];
  const last = counter.points[counter.points.length - 1];
  // Uncovered time is capped at the window length (a series entirely outside the window).
  const windowMs = Math.max(0, window.endMs - window.startMs);
  const startUncoveredMs = first ? Math.min(windowMs, Math.max(0, first.timeMs - window.startMs)) : windowMs;
  const endUncoveredMs = last ? Math.min(windowMs, Math.max(0, window.endMs - last.timeMs)) : windowMs;
  return {
    delta: Math.max(0, end.value - start.value),
    startUncoveredMs,
    endUncoveredMs,
    resets: counter.resets,
  };
}
