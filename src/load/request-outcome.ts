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
  readonly statusCounts: Record<string, number> = {};
  readonly errorCounts: Record<string, number> = {};

  addResponse(statusCode: number): void {
    this.completed++;
    if (isOkStatus(statusCode)) this.ok++;
    const key = String(statusCode);
    this.statusCounts[key] = (this.statusCounts[key] ?? 0) + 1;
  }

  addTransportError(kind: string): void {
    this.transportErrors++;
    this.errorCounts[kind] = (this.errorCounts[kind] ?? 0) + 1;
  }

  /** Non-2xx/3xx responses plus transport errors. */
  get errors(): number {
    return this.completed - this.ok + this.transportErrors;
  }
}
