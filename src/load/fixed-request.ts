/** A request picker that always sends the same request (`bench load`). */
import type { PreparedRequest, RequestPicker } from './request-mix.ts';

export function createFixedRequestPicker(options: { method: string; path: string; body: string | null; headers: Record<string, string> }): RequestPicker {
  const body = options.body === null ? null : Buffer.from(options.body);
  const headers = body && !options.headers['content-type'] ? { ...options.headers, 'content-type': 'application/json' } : options.headers;
  const request = { name: 'request', method: options.method as PreparedRequest['method'], path: options.path || '/', body, headers };
  return { next: () => request };
}
