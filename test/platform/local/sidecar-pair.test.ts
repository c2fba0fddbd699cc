import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, get, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../src/errors.ts';
import { ExecaCommandRunner } from '../../../src/exec/command-runner.ts';
import { ProcessMeter } from '../../../src/metrics/process-meter.ts';
import { findFreeLoopbackPorts } from '../../../src/platform/local/loopback-ports.ts';
import { verifyMutualTls } from '../../../src/platform/local/mutual-tls-check.ts';
import { type SidecarPair, startSidecarPair } from '../../../src/platform/local/sidecar-pair.ts';

const runner = new ExecaCommandRunner();
let root = '';

/** A tiny app: answers every request with 200 and the path, counting requests. */
function startUpstream(): Promise<{ server: Server; port: number; requests: () => number }> {
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok ${req.url}`);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, port: (server.address() as AddressInfo).port, requests: () => count });
    });
  });
}

function getText(port: number, path: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

/** Threads of a process, and processes whose parent it is. */
function threadsAndChildren(pid: number): { threads: number; children: number } {
  const threads = readdirSync(`/proc/${pid}/task`).length;
  let children = 0;
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children += 1;
    } catch {
      // exited meanwhile
    }
  }
  return { threads, children };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'meshbench-sidecars-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Real haproxy processes, certificates and loopback load on a shared 2-core machine: a stall of
// the machine can fail one attempt; a real bug fails all three.
describe('startSidecarPair end to end', { retry: 2 }, () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let pair: SidecarPair;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });

  beforeAll(async () => {
    upstream = await startUpstream();
    pair = await startSidecarPair({ workDir: join(root, 'pair'), upstreamPort: upstream.port, threads: 2, runner });
  });
  afterAll(async () => {
    agent.destroy();
    await pair?.stop();
    upstream?.server.close();
  });

  it('proxies HTTP through mutual TLS to the app', async () => {
    const before = upstream.requests();
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => getText(pair.clientPort, `/orders/${i}`, agent)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(responses[7]?.body).toBe('ok /orders/7');
    expect(upstream.requests() - before).toBe(50);
  });

  it('runs each proxy as one process with the configured threads', () => {
    expect(pair.processes.map((p) => p.component)).toEqual(['haproxy-client', 'haproxy-server']);
    for (const { pid } of pair.processes) {
      expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('haproxy');
      expect(threadsAndChildren(pid)).toEqual({ threads: 2, children: 0 });
    }
  });

  it('enforces mutual TLS on the server sidecar', async () => {
    const check = await verifyMutualTls({
      serverPort: pair.serverPort,
      caPath: pair.certificates.caCertPath,
      clientCertificate: { certPath: pair.certificates.clientCertPath, keyPath: pair.certificates.clientKeyPath },
    });
    expect(check.evidence).toEqual([
      expect.stringMatching(/^TLS without a client certificate .*: refused/),
      expect.stringMatching(/^plaintext HTTP .*: refused/),
      expect.stringMatching(/^TLS with the client certificate .*: answered "HTTP\/1.1 200/),
    ]);
    expect(check).toMatchObject({ name: 'mtls-enforced', passed: true });
  });

  it('is metered: both proxies use CPU under load', async () => {
    const meter = new ProcessMeter({
      groups: pair.processes.map((p) => ({ component: p.component, role: 'data-plane' as const, pids: [p.pid] })),
      runner,
    });
    await meter.start();
    const startMs = Date.now();
    let sent = 0;
    for (let round = 0; round < 40; round++) {
      await Promise.all(Array.from({ length: 8 }, () => getText(pair.clientPort, '/orders/1', agent)));
      sent += 8;
    }
    const endMs = Date.now();
    const found = await meter.stop({ startMs, endMs, achievedRps: (sent * 1000) / (endMs - startMs), completedRequests: sent });
    for (const usage of found.resources) {
      expect(usage.cpuCoreSeconds, usage.component).toBeGreaterThan(0);
      expect(usage.memoryAvgBytes, usage.component).toBeGreaterThan(1024 * 1024);
    }
    // The host's accounting check may speak on a VM that counts CPU time in lumps; nothing else may.
    expect(found.warnings.filter((w) => !w.includes('this kernel accounts CPU time in lumps'))).toEqual([]);
  });
});

describe('startSidecarPair failures and stop', () => {
  it('stop() terminates both proxies', async () => {
    const upstream = await startUpstream();
    try {
      const pair = await startSidecarPair({ workDir: join(root, 'stop'), upstreamPort: upstream.port, threads: 1, runner });
      const pids = pair.processes.map((p) => p.pid);
      expect(pids.every((pid) => existsSync(`/proc/${pid}`))).toBe(true);
      await pair.stop();
      await pair.stop();
      expect(pids.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
    } finally {
      upstream.server.close();
    }
  });

  it('throws NOT_READY naming the proxy at the deadline, and stops what it started', async () => {
    const error = await startSidecarPair({
      workDir: join(root, 'deadline'),
      upstreamPort: 9,
      threads: 1,
      runner,
      readyTimeoutMs: 1,
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HarnessError);
    expect(error).toMatchObject({ code: 'NOT_READY', message: expect.stringMatching(/^haproxy-server did not accept connections on 127\.0\.0\.1:\d+ within 1 ms/) });
    const configPath = join(root, 'deadline', 'haproxy-server.cfg');
    const left = await runner.run('pgrep', ['-f', configPath], { allowFailure: true });
    expect(left.stdout).toBe('');
  });

  it('throws TOOL_NOT_FOUND with a hint when haproxy is not on PATH', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = join(root, 'empty-bin');
    try {
      const error = await startSidecarPair({ workDir: join(root, 'no-tool'), upstreamPort: 9, threads: 1, runner: {
        // openssl still has to run: only haproxy is missing from PATH.
        run: (file, args, options) => runner.run(file === 'openssl' ? '/usr/bin/openssl' : file, args, options),
      } }).catch((err: unknown) => err);
      expect(error).toMatchObject({ code: 'TOOL_NOT_FOUND', message: expect.stringContaining('"haproxy"'), hint: expect.stringContaining('haproxy') });
    } finally {
      process.env.PATH = savedPath;
    }
  });
});

describe('verifyMutualTls against servers that do not enforce it', () => {
  it('fails when nothing listens', async () => {
    const [port = 0] = await findFreeLoopbackPorts(1);
    const tls = join(root, 'pair', 'tls');
    const check = await verifyMutualTls({ serverPort: port, caPath: join(tls, 'ca.crt'), timeoutMs: 1000 });
    expect(check.passed).toBe(false);
    expect(check.evidence[0]).toMatch(/could not connect \(ECONNREFUSED\)/);
  });

  it('fails against TLS that does not ask for a client certificate', async () => {
    const tls = join(root, 'pair', 'tls');
    const server = createHttpsServer({ cert: readFileSync(join(tls, 'server.crt')), key: readFileSync(join(tls, 'server.key')) }, (_req, res) => {
      res.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const check = await verifyMutualTls({ serverPort: (server.address() as AddressInfo).port, caPath: join(tls, 'ca.crt') });
      expect(check.passed).toBe(false);
      expect(check.evidence[0]).toMatch(/TLS without a client certificate .*: answered "HTTP\/1.1 200 OK"/);
    } finally {
      server.close();
    }
  });
});
