/**
 * The FIFO queue of a connection pool (HTTP/1.1 raw-connection-pool.ts, HTTP/2
 * h2-connection-pool.ts): requests that wait for a free connection or stream, still timed from
 * their intended send time, failed as `timeout` once their deadline passes while they wait.
 */
export interface WaitingRequest {
  isExpired(nowMs: number): boolean;
  onError(kind: string): void;
}

export class PendingQueue<R extends WaitingRequest> {
  private items: R[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(request: R): void {
    this.items.push(request);
  }

  /** Puts a request back at the front (it was sent but never processed, e.g. above a GOAWAY's last stream). */
  unshift(request: R): void {
    if (this.head > 0) this.items[--this.head] = request;
    else this.items.unshift(request);
  }

  /** The next request whose deadline has not passed, or null; requests found expired on the way are failed. */
  next(nowMs: number): R | null {
    while (this.head < this.items.length) {
      const r = this.items[this.head] as R;
      this.head++;
      if (this.head > 1_024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      if (r.isExpired(nowMs)) {
        r.onError('timeout');
        continue;
      }
      return r;
    }
    return null;
  }

  /** Fails every waiting request whose deadline passed (the deadline sweep). */
  expire(nowMs: number): void {
    const waiting = this.take();
    for (const r of waiting) {
      if (r.isExpired(nowMs)) r.onError('timeout');
      else this.items.push(r);
    }
  }

  /** Fails every waiting request (nothing can carry them). */
  failAll(kind: string): void {
    for (const r of this.take()) r.onError(kind);
  }

  private take(): R[] {
    const waiting = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return waiting;
  }
}
