/**
 * Counting what happened to requests: responses by status, transport failures by kind (timeout,
 * connect-refused, reset, closed, protocol, other). Shared by both engines so their results read
 * the same.
 */

export function isOkStatus(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 400;
}

/** Mutable tallies of one measured window. */
export class OutcomeCounts {
  ok = 0;
  completed = 0;
  transportErrors = 0;
  /** Responses by status code, indexed by the code (no string keys on the hot path). */
  private readonly byStatus = new Uint32Array(600);
  readonly errorCounts: Record<string, number> = {};

  addResponse(statusCode: number): void {
    this.completed++;
    if (isOkStatus(statusCode)) this.ok++;
    // Out-of-range codes cannot come from the framer (it rejects them); index 0 guards the array.
    const index = statusCode < 600 ? statusCode : 0;
    this.byStatus[index] = (this.byStatus[index] as number) + 1;
  }

  addTransportError(kind: string): void {
    this.transportErrors++;
    this.errorCounts[kind] = (this.errorCounts[kind] ?? 0) + 1;
  }

  /** Responses by HTTP status code. */
  get statusCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    this.byStatus.forEach((n, code) => {
      if (n > 0) out[String(code)] = n;
    });
    return out;
  }

  /** Non-2xx/3xx responses plus transport errors. */
  get errors(): number {
    return this.completed - this.ok + this.transportErrors;
  }
}
