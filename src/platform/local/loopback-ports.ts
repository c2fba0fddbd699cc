/**
 * Loopback TCP ports for local child processes: finding free ones (the kernel picks when binding
 * port 0) and waiting until a process accepts connections on one.
 */
import { connect, createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const LOOPBACK = '127.0.0.1';

function listenOnFreePort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port: 0, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * `count` distinct free ports on 127.0.0.1. They are held together until all are known, so they
 * differ; another process could still take one before the caller binds it (then its bind fails).
 */
export async function findFreeLoopbackPorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listenOnFreePort());
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('listening server has no TCP address');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}

/** True when a TCP connection to 127.0.0.1:port is accepted within `timeoutMs`. */
export function acceptsConnection(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port });
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Options of {@link waitForLoopbackPort}. */
export interface WaitForPortOptions {
  port: number;
  timeoutMs: number;
  /** Pause between attempts; default 25 ms. */
  pollIntervalMs?: number | undefined;
  /** Stops waiting early (resolves false). */
  signal?: AbortSignal | undefined;
}

/** Polls until 127.0.0.1:port accepts a connection: true, or false at the deadline or on abort. */
export async function waitForLoopbackPort(options: WaitForPortOptions): Promise<boolean> {
  const deadlineMs = Date.now() + options.timeoutMs;
  const pollIntervalMs = options.pollIntervalMs ?? 25;
  while (Date.now() < deadlineMs && !options.signal?.aborted) {
    const attemptMs = Math.max(1, Math.min(1000, deadlineMs - Date.now()));
    if (await acceptsConnection(options.port, attemptMs)) return true;
    await sleep(pollIntervalMs, undefined, { signal: options.signal }).catch(() => undefined);
  }
  return false;
}
