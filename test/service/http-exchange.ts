/**
 * Test helper: one HTTP request on its own connection (no pooling, so tests do not depend on
 * each other's sockets), with the whole answer collected.
 */
import { type Agent, type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from 'node:http';

export interface HttpExchangeOptions {
  port: number;
  method?: string;
  path: string;
  /** Sent as is when a string; JSON-encoded otherwise. */
  body?: unknown;
  headers?: OutgoingHttpHeaders;
  timeoutMs?: number;
  /** A keep-alive agent, to see what the server says about the connection; default: one connection per request (the client asks to close it). */
  agent?: Agent;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** Body bytes as received. */
  bytes: number;
  text: string;
  /** The body parsed as JSON. */
  json: Record<string, unknown>;
  /** From sending the request to the end of the answer. */
  elapsedMs: number;
}

/** Sends one request and resolves with the full answer; rejects on transport errors or timeout. */
export function httpExchange(options: HttpExchangeOptions): Promise<HttpAnswer> {
  const body =
    options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const startedMs = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method ?? 'GET',
        path: options.path,
        agent: options.agent ?? false,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        timeout: options.timeoutMs ?? 5_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = raw.toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON; tests that need it will fail on the missing fields
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            bytes: raw.length,
            text,
            json,
            elapsedMs: performance.now() - startedMs,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('test request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
