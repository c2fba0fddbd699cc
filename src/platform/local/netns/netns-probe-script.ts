/**
 * The probe that runs INSIDE a namespace (`ip netns exec <ns> node <script> '<json>'`): the
 * harness itself stays in the host namespace, where the run's addresses are unreachable by
 * design. One JSON line out:
 *   {kind:'http', url}            → {statusCode, headers} or {error}
 *   {kind:'plaintext', host, port} → how a plaintext HTTP request over a fresh TCP connection
 *                                    ended: {connected, httpStatusLine, error, timedOut, bytesReceived}
 */
export const NETNS_PROBE_FILE = 'netns-probe.mjs';

export interface HttpProbeOutcome {
  statusCode?: number;
  headers?: Record<string, string | string[] | undefined>;
  error?: string;
}

export interface PlaintextProbeOutcome {
  connected: boolean;
  httpStatusLine: string | null;
  error: string | null;
  timedOut: boolean;
  bytesReceived: number;
}

export const NETNS_PROBE_SCRIPT = `import { get } from 'node:http';
import { connect } from 'node:net';
const spec = JSON.parse(process.argv[2]);
const timeoutMs = spec.timeoutMs ?? 3000;
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
if (spec.kind === 'http') {
  const req = get(spec.url, { timeout: timeoutMs, agent: false }, (res) => {
    res.resume();
    res.on('end', () => out({ statusCode: res.statusCode, headers: res.headers }));
  });
  req.on('timeout', () => req.destroy(new Error('no answer within ' + timeoutMs + ' ms')));
  req.on('error', (e) => out({ error: e.code ?? e.message }));
} else {
  const o = { connected: false, httpStatusLine: null, error: null, timedOut: false, bytesReceived: 0 };
  let received = Buffer.alloc(0);
  const socket = connect({ host: spec.host, port: spec.port });
  const timer = setTimeout(() => { o.timedOut = true; socket.destroy(); }, timeoutMs);
  socket.once('connect', () => { o.connected = true; socket.write('GET /orders/1 HTTP/1.1\\r\\nHost: ' + spec.host + '\\r\\nConnection: close\\r\\n\\r\\n'); });
  socket.on('data', (c) => { if (received.length < 4096) received = Buffer.concat([received, c]); });
  socket.once('error', (e) => { o.error = e.code ?? e.message; });
  socket.once('close', () => {
    clearTimeout(timer);
    const text = received.toString('latin1');
    if (text.startsWith('HTTP/')) o.httpStatusLine = text.split('\\r\\n', 1)[0];
    o.bytesReceived = received.length;
    out(o);
  });
}
`;
