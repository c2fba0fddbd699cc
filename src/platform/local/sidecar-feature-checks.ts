/**
 * Evidence, before measuring, that the scenario features the haproxy pair applies are in effect
 * (docs/capability-matrix.md): each access log gets a line for the verification request; the
 * server sidecar negotiates HTTP/2 (ALPN h2) with a client holding the client certificate; and the
 * retry, timeout and authorization directives are in the checked configs; with `authz: l7`, a
 * request that is no order-service operation is denied with 403.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect as connectTls } from 'node:tls';
import type { VerificationCheck } from '../../results/result-schema.ts';
import { SERVER_CERT_HOST } from './tls-certificates.ts';

const POLL_MS = 50;

/** Lines of a file containing `needle` (empty when the file is missing). */
async function matchingLines(path: string, needle: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.includes(needle));
}

/**
 * Waits (up to `timeoutMs`) until every access log has a line with `needle`; haproxy writes a
 * line when the request ends, so the request has been answered before this is called.
 */
export async function verifyAccessLogs(options: { accessLogs: Partial<Record<string, string>>; needle: string; timeoutMs?: number }): Promise<VerificationCheck> {
  const deadline = Date.now() + (options.timeoutMs ?? 3_000);
  const entries = Object.entries(options.accessLogs).filter((e): e is [string, string] => e[1] !== undefined);
  for (;;) {
    const found = await Promise.all(entries.map(async ([component, path]) => ({ component, path, lines: await matchingLines(path, options.needle) })));
    if (found.every((f) => f.lines.length > 0) || Date.now() >= deadline) {
      return {
        name: 'access-log',
        passed: entries.length > 0 && found.every((f) => f.lines.length > 0),
        evidence: found.map((f) => (f.lines.length > 0 ? `${f.component} ${f.path}: ${f.lines.at(-1)}` : `${f.component} ${f.path}: no line with "${options.needle}"`)),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The protocol the server sidecar selects when a client with the certificate offers ALPN h2. */
export async function negotiatedAlpn(options: { serverPort: number; caPath: string; certPath: string; keyPath: string; timeoutMs?: number }): Promise<string | false | null> {
  const [ca, cert, key] = await Promise.all([readFile(options.caPath), readFile(options.certPath), readFile(options.keyPath)]);
  return new Promise((resolve, reject) => {
    const socket = connectTls({ host: '127.0.0.1', port: options.serverPort, ca, cert, key, servername: SERVER_CERT_HOST, ALPNProtocols: ['h2', 'http/1.1'] });
    const timer = setTimeout(() => socket.destroy(new Error('no TLS handshake within the timeout')), options.timeoutMs ?? 3_000);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const protocol = socket.alpnProtocol ?? null;
      socket.end();
      resolve(protocol);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The server sidecar must select h2, as the client sidecar's `alpn h2` asks. */
export async function verifyUpstreamHttp2(options: { serverPort: number; caPath: string; certPath: string; keyPath: string; serverAccessLog?: string | undefined }): Promise<VerificationCheck> {
  const where = `127.0.0.1:${options.serverPort}`;
  try {
    const protocol = await negotiatedAlpn(options);
    const evidence = [`TLS with the client certificate offering ALPN h2, http/1.1 to ${where}: the server sidecar selected ${protocol || 'no protocol'}`];
    let passed = protocol === 'h2';
    if (options.serverAccessLog) {
      const lines = await matchingLines(options.serverAccessLog, 'HTTP/2.0');
      evidence.push(lines.length > 0 ? `server sidecar access log: ${lines.at(-1)}` : 'server sidecar access log: no request arrived over HTTP/2.0');
      passed &&= lines.length > 0;
    }
    return { name: 'upstream-http2', passed, evidence };
  } catch (err) {
    return { name: 'upstream-http2', passed: false, evidence: [`TLS to ${where} failed: ${(err as Error).message}`] };
  }
}

/** The directives under `# features.` comments in a checked haproxy config, as evidence. */
export async function verifyConfiguredFeatures(options: { name: string; configPath: string; directives: readonly string[] }): Promise<VerificationCheck> {
  const lines = (await readFile(options.configPath, 'utf8')).split('\n').map((l) => l.trim());
  const missing = options.directives.filter((d) => !lines.some((l) => l.startsWith(d)));
  const present = lines.filter((l) => options.directives.some((d) => l.startsWith(d)));
  return {
    name: options.name,
    passed: missing.length === 0,
    evidence: [`${options.configPath} (accepted by haproxy -c): ${present.join('; ') || 'none'}`, ...missing.map((d) => `missing: ${d}`)],
  };
}

/** The status of one request through the pair, or the error. */
function statusOf(options: { url: string; method: string; timeoutMs: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(options.url, { method: options.method, timeout: options.timeoutMs, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** authz: l7 — an operation the order-service API does not have must be denied with 403 by the server sidecar. */
export async function verifyL7Denial(options: { targetUrl: string; timeoutMs?: number }): Promise<VerificationCheck> {
  const url = `${options.targetUrl}/orders/1`;
  try {
    const status = await statusOf({ url, method: 'DELETE', timeoutMs: options.timeoutMs ?? 5_000 });
    return { name: 'authz-l7-enforced', passed: status === 403, evidence: [`DELETE ${url} (no such operation) → ${status}`] };
  } catch (err) {
    return { name: 'authz-l7-enforced', passed: false, evidence: [`DELETE ${url} failed: ${(err as Error).message}`] };
  }
}
