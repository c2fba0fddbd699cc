/**
 * Counting what happened to requests: responses by status, transport failures by kind (timeout,
 * connect-refused, reset, closed, protocol, tls, other). Shared by both engines so their results
 * read the same.
 *
 * A response's outcome code is its HTTP status (100–599) or, for a gRPC call, GRPC_OUTCOME_BASE
 * plus its `grpc-status` (so the engines pass one number, whatever the protocol). gRPC outcomes
 * are counted under `grpc-<code>` in statusCounts; a non-zero code is an error.
 */

/** Outcome code of gRPC status 0 (OK); status s is GRPC_OUTCOME_BASE + s. */
export const GRPC_OUTCOME_BASE = 1_000;
/** gRPC status codes run 0–16. */
const GRPC_CODES = 17;

/** The outcome code of a gRPC call that ended with `grpc-status` = code (0–16). */
export function grpcOutcome(code: number): number {
  return GRPC_OUTCOME_BASE + code;
}

export function isOkStatus(statusCode: number): boolean {
  return (statusCode >= 200 && statusCode < 400) || statusCode === GRPC_OUTCOME_BASE;
}

/** Mutable tallies of one measured window. */
export class OutcomeCounts {
  ok = 0;
  completed = 0;
  transportErrors = 0;
  /** Responses by outcome code, indexed by the code (no string keys on the hot path). */
  private readonly byStatus = new Uint32Array(GRPC_OUTCOME_BASE + GRPC_CODES);
  readonly errorCounts: Record<string, number> = {};

  addResponse(statusCode: number): void {
    this.completed++;
    if (isOkStatus(statusCode)) this.ok++;
    // Out-of-range codes cannot come from the framers (they reject them); index 0 guards the array.
    const index = statusCode < this.byStatus.length ? statusCode : 0;
    this.byStatus[index] = (this.byStatus[index] as number) + 1;
  }

  addTransportError(kind: string): void {
    this.transportErrors++;
    this.errorCounts[kind] = (this.errorCounts[kind] ?? 0) + 1;
  }

  /** Responses by HTTP status code, and gRPC calls by `grpc-<status>`. */
  get statusCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    this.byStatus.forEach((n, code) => {
      if (n > 0) out[code >= GRPC_OUTCOME_BASE ? `grpc-${code - GRPC_OUTCOME_BASE}` : String(code)] = n;
    });
    return out;
  }

  /** Non-2xx/3xx responses, non-OK gRPC statuses, plus transport errors. */
  get errors(): number {
    return this.completed - this.ok + this.transportErrors;
  }
}
