/**
 * One request of the open loop in flight: timed from its intended send time (latency) and from
 * when it went on a channel (service time), tallied only when it belongs to the measured window.
 * It is its own response handler, so a send allocates one object and no closure.
 */
import { type LatencyHistogram, recordLatencyUs } from '../stats/latency-histogram.ts';
import type { OutcomeCounts } from './request-outcome.ts';
import type { PooledRequest, RequestChannel, RequestPool } from './request-pool.ts';

/** What the requests of one engine run share: the pool, the tallies and the in-flight counts. */
export interface Tallies {
  pool: RequestPool<unknown>;
  counts: OutcomeCounts;
  timeoutMs: number;
  latency: LatencyHistogram;
  serviceTime: LatencyHistogram;
  inFlight: number;
  inFlightMeasured: number;
  onSettled: (() => void) | null;
}

/** One request's timing; also its response handler. */
export class TimedRequest implements PooledRequest<unknown> {
  private startedMs = 0;
  private connection: RequestChannel | null = null;

  constructor(
    readonly payload: unknown,
    readonly intendedMs: number,
    private readonly measured: boolean,
    private readonly tallies: Tallies,
  ) {}

  onDispatch(connection: RequestChannel): void {
    this.startedMs = performance.now();
    this.connection = connection;
  }

  isExpired(nowMs: number): boolean {
    return nowMs - this.intendedMs > this.tallies.timeoutMs;
  }

  /** Fails the request as timed out (deadline counted from the intended send time). */
  expire(): void {
    this.connection?.expire();
  }

  onResponse(statusCode: number): void {
    const t = this.tallies;
    if (this.measured) {
      const endMs = performance.now();
      recordLatencyUs(t.latency, (endMs - this.intendedMs) * 1_000);
      recordLatencyUs(t.serviceTime, (endMs - this.startedMs) * 1_000);
      t.counts.addResponse(statusCode);
    }
    this.settle();
  }

  onError(kind: string): void {
    const t = this.tallies;
    if (this.measured) {
      // A timed-out request was as slow as the timeout at least: keep it in the tail.
      if (kind === 'timeout') recordLatencyUs(t.latency, (performance.now() - this.intendedMs) * 1_000);
      t.counts.addTransportError(kind);
    }
    this.settle();
  }

  private settle(): void {
    const t = this.tallies;
    t.inFlight--;
    if (this.measured) t.inFlightMeasured--;
    if (this.connection) {
      const connection = this.connection;
      this.connection = null;
      t.pool.release(connection);
    }
    t.onSettled?.();
  }
}
