/**
 * Turns failures of Kubernetes API calls into HarnessErrors once, here: an API server that does not
 * answer (connection refused, DNS, TLS, request timeout) is NOT_READY naming its address; an API
 * error (4xx/5xx) is COMMAND_FAILED carrying the server's Status message.
 */
import { HarnessError, interruptedError } from '../errors.ts';

/** Network-level error codes that mean "the API server did not answer". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  errno?: unknown;
  type?: unknown;
  message?: unknown;
  body?: unknown;
  cause?: unknown;
}

function asErrorLike(err: unknown): ErrorLike {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : {};
}

/** The HTTP status of an ApiException (client-node 1.x), or undefined for other errors. */
export function apiStatusCode(err: unknown): number | undefined {
  const e = asErrorLike(err);
  return typeof e.code === 'number' ? e.code : undefined;
}

/** True when the error means the API server could not be reached or did not answer in time. */
export function isUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const like = asErrorLike(e);
    if (typeof like.code === 'string' && UNREACHABLE_CODES.has(like.code)) return true;
    if (typeof like.errno === 'string' && UNREACHABLE_CODES.has(like.errno)) return true;
    if (like.name === 'AbortError' || like.name === 'TimeoutError') return true;
    if (like.type === 'request-timeout' || like.type === 'aborted') return true;
    e = like.cause;
  }
  return false;
}

/** True for errors worth retrying inside a wait: unreachable, 429, 5xx. */
export function isTransient(err: unknown): boolean {
  if (isUnreachable(err)) return true;
  const code = apiStatusCode(err);
  return code === 429 || (code !== undefined && code >= 500);
}

/** The Status message of an ApiException body (a JSON string or an object), if any. */
export function apiStatusMessage(err: unknown): string | undefined {
  const body = asErrorLike(err).body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() ? body.trim().slice(0, 500) : undefined;
    }
  }
  const message = (parsed as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : undefined;
}

function messageOf(err: unknown): string {
  const like = asErrorLike(err);
  const code = typeof like.code === 'string' ? like.code : undefined;
  const message = typeof like.message === 'string' ? like.message : String(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Options of {@link toKubeError}. */
export interface KubeErrorContext {
  /** What was being done, e.g. `apply Deployment bench/order`. */
  action: string;
  /** API server address, named in "unreachable" errors. */
  server: string;
  signal?: AbortSignal | undefined;
}

/** Converts any failure of an API call into a HarnessError (already-harness errors pass through). */
export function toKubeError(err: unknown, context: KubeErrorContext): HarnessError {
  if (err instanceof HarnessError) return err;
  if (context.signal?.aborted) return interruptedError();
  if (isUnreachable(err)) {
    return new HarnessError('NOT_READY', `the Kubernetes API server at ${context.server} did not answer (${context.action}): ${messageOf(err)}`, {
      hint: 'is the cluster running? check `kind get clusters` (kind) or `kubectl cluster-info` for your context (existing)',
      cause: err,
    });
  }
  const status = apiStatusCode(err);
  if (status !== undefined) {
    const message = apiStatusMessage(err) ?? 'no message';
    return new HarnessError('COMMAND_FAILED', `Kubernetes API refused to ${context.action}: HTTP ${status}: ${message}`, {
      hint: status === 403 ? 'the kubeconfig user lacks RBAC permission for this; meshbench needs to manage namespaces and read nodes/proxy' : undefined,
      cause: err,
    });
  }
  return new HarnessError('COMMAND_FAILED', `Kubernetes API call failed (${context.action}): ${messageOf(err)}`, { cause: err });
}
