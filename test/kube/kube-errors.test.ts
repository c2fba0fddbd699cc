import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { apiStatusCode, apiStatusMessage, isTransient, isUnreachable, toKubeError } from '../../src/kube/kube-errors.ts';

/** Shaped like client-node 1.x's ApiException. */
function apiException(code: number, body: unknown): Error {
  return Object.assign(new Error(`HTTP-Code: ${code}`), { code, body });
}

function codeError(code: string, message = `connect ${code} 127.0.0.1:6443`): Error {
  return Object.assign(new Error(message), { code });
}

const context = { action: 'apply Deployment bench/order', server: 'https://127.0.0.1:6443' };

describe('classifying errors', () => {
  it('finds network codes, aborts and timeouts, also a few causes deep', () => {
    expect(isUnreachable(codeError('ECONNREFUSED'))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('x'), { errno: 'ENOTFOUND' }))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe(true);
    expect(isUnreachable({ type: 'request-timeout' })).toBe(true);
    expect(isUnreachable(new Error('fetch failed', { cause: new Error('other', { cause: codeError('ECONNRESET') }) }))).toBe(true);
    expect(isUnreachable(new Error('no'))).toBe(false);
    expect(isUnreachable(apiException(503, ''))).toBe(false);
    expect(isUnreachable('ECONNREFUSED')).toBe(false);
  });

  it('treats unreachable, 429 and 5xx as transient, other API errors not', () => {
    expect(isTransient(codeError('ETIMEDOUT'))).toBe(true);
    expect(isTransient(apiException(429, ''))).toBe(true);
    expect(isTransient(apiException(500, ''))).toBe(true);
    expect(isTransient(apiException(503, ''))).toBe(true);
    expect(isTransient(apiException(499, ''))).toBe(false);
    expect(isTransient(apiException(404, ''))).toBe(false);
    expect(isTransient(new Error('boom'))).toBe(false);
  });

  it('reads the status code only from numeric codes', () => {
    expect(apiStatusCode(apiException(409, ''))).toBe(409);
    expect(apiStatusCode(codeError('ECONNREFUSED'))).toBeUndefined();
    expect(apiStatusCode(null)).toBeUndefined();
  });

  it('reads the Status message from a JSON body, an object body or plain text', () => {
    expect(apiStatusMessage(apiException(404, '{"kind":"Status","message":"namespaces \\"x\\" not found"}'))).toBe('namespaces "x" not found');
    expect(apiStatusMessage(apiException(404, { message: 'gone' }))).toBe('gone');
    expect(apiStatusMessage(apiException(502, '  bad gateway \n'))).toBe('bad gateway');
    expect(apiStatusMessage(apiException(502, '   '))).toBeUndefined();
    expect(apiStatusMessage(apiException(500, { reason: 'x' }))).toBeUndefined();
  });
});

describe('toKubeError', () => {
  it('passes harness errors through', () => {
    const original = new HarnessError('NOT_READY', 'x');
    expect(toKubeError(original, context)).toBe(original);
  });

  it('is the interrupted error when the signal aborted', () => {
    expect(toKubeError(codeError('ECONNREFUSED'), { ...context, signal: AbortSignal.abort() }).code).toBe('INTERRUPTED');
  });

  it('names the server of an API server that did not answer, with the error code', () => {
    const error = toKubeError(Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' }), context);
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toBe('the Kubernetes API server at https://127.0.0.1:6443 did not answer (apply Deployment bench/order): ECONNREFUSED: connect failed');
  });

  it('carries the server\'s message for an API error, with an RBAC hint on 403', () => {
    const denied = toKubeError(apiException(403, '{"message":"forbidden: User \\"ci\\" cannot patch"}'), context);
    expect(denied.code).toBe('COMMAND_FAILED');
    expect(denied.message).toBe('Kubernetes API refused to apply Deployment bench/order: HTTP 403: forbidden: User "ci" cannot patch');
    expect(denied.hint).toMatch(/RBAC/);
    const conflict = toKubeError(apiException(409, ''), context);
    expect(conflict.message).toBe('Kubernetes API refused to apply Deployment bench/order: HTTP 409: no message');
    expect(conflict.hint).toBeUndefined();
  });

  it('wraps anything else as a failed call', () => {
    const error = toKubeError(new Error('weird'), context);
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toBe('Kubernetes API call failed (apply Deployment bench/order): weird');
  });
});
