/**
 * Counting what happened to requests: responses by status, transport failures by kind. Shared by
 * both engines so their results read the same.
 */

/** Error code of the harness's own per-request deadline. */
export const REQUEST_TIMEOUT_CODE = 'MESHBENCH_REQUEST_TIMEOUT';

/** Maps a transport error to a stable kind used in results. */
export function classifyTransportError(err: unknown): string {
  const code = (err as { code?: string } | null)?.code ?? '';
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
    case REQUEST_TIMEOUT_CODE:
      return 'timeout';
    case 'ECONNREFUSED':
      return 'connect-refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'closed';
    case 'UND_ERR_ABORTED':
      return 'aborted';
    default:
      return code ? code.toLowerCase() : 'other';
  }
}

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
