/**
 * HTTP/2 and gRPC rows of the engine benchmark: our closed loop against h2load with the same
 * connections and streams per connection (`h2load -c C -m S`), against the same h2c server. It
 * runs standalone (`npm run bench:engine:h2`) and exports `runH2Rows` for bench/engine-benchmark.ts.
 *
 * Servers, each a process of its own: haproxy answering from memory over h2c (`bind … proto h2`)
 * and over TLS (`bind … ssl alpn h2`, a self-signed certificate made here), which is not the
 * bottleneck, and a node:http2 responder that also answers unary gRPC calls with
 * a fixed reply and `grpc-status: 0` in the trailers (haproxy cannot make gRPC answers). With two
 * or more cores the server runs on CPU 1 and the generators on CPU 0 (taskset).
 *
 * Rows: rps (median of the rounds) and generator CPU per request; the ratio is the median over
 * the rounds of ours / h2load within a round (the two run back to back, in alternating order, so
 * a change of the machine's load hits both). The target (issue 11): ours ≥ 0.7 × h2load.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecaCommandRunner, spawnProcess } from '../src/exec/command-runner.ts';
import { AGENT_SPEC_ENV, type AgentResult, type AgentSpec } from '../src/plan/agent-protocol.ts';
import { findFreeLoopbackPorts, waitForLoopbackPort } from '../src/platform/local/loopback-ports.ts';
import { median } from '../src/stats/median.ts';
import { encodeOrderRequest, frameGrpcMessage } from '../src/workload/order-grpc.ts';
import { bundleWorkloadScripts } from '../src/workload/workload-bundle.ts';

export interface H2RowsOptions {
  /** The bundled load agent (load-agent.mjs). */
  agentPath: string;
  /** Scratch directory (configs, the gRPC message file). */
  workDir: string;
  rounds: number;
  seconds: number;
  connections: number;
  streams: number;
  /** Prints one line. */
  print: (line: string) => void;
}

const runner = new ExecaCommandRunner();
const CLOCK_TICKS_PER_SECOND = 100;
const pinned = availableParallelism() >= 2;
/** Generators on CPU 0, servers on CPU 1 (when there are two cores). */
const onCpu = (cpu: number, file: string, args: readonly string[]): [string, string[]] => (pinned ? ['taskset', ['-c', String(cpu), file, ...args]] : [file, [...args]]);

/** Runs a command under bash; returns its stdout and its whole-process CPU (bash's cutime + cstime of the waited child). */
async function runMetered(file: string, args: readonly string[], env?: Record<string, string>): Promise<{ stdout: string; cpuSeconds: number }> {
  const script = `"$@"; echo "__CHILD_CPU__ $(cut -d')' -f2- /proc/$$/stat)"`;
  const [f, a] = onCpu(0, file, args);
  const r = await runner.run('bash', ['-c', script, 'bash', f, ...a], { env: env ? { ...process.env, ...env } : undefined, timeoutMs: 120_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('__CHILD_CPU__ '));
  if (!line) throw new Error(`no CPU counters for ${file}`);
  const fields = line.slice('__CHILD_CPU__ '.length).trim().split(' ');
  return { stdout: r.stdout, cpuSeconds: (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND };
}

/** The node:http2 responder: 200 "ok" for HTTP/2, a fixed OrderReply and grpc-status 0 for gRPC. */
const RESPONDER = `
const http2 = require('node:http2');
const reply = Buffer.from([0, 0, 0, 0, 4, 0x0a, 2, 0x7b, 0x7d]);
const server = http2.createServer({ settings: { maxConcurrentStreams: 1000 } });
server.on('stream', (stream, headers) => {
  stream.on('error', () => {});
  const grpc = String(headers['content-type'] || '').startsWith('application/grpc');
  const answer = () => {
    if (grpc) {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(reply);
    } else {
      stream.respond({ ':status': 200, 'content-type': 'text/plain' });
      stream.end('ok');
    }
  };
  stream.on('data', () => {});
  stream.on('end', answer);
});
server.listen(Number(process.argv[1]), '127.0.0.1');
`;

interface Server {
  name: string;
  url: string;
  stop: () => Promise<void>;
}

type ServerKind = 'haproxy' | 'haproxy-tls' | 'node';

/** A self-signed certificate and key for haproxy's TLS bind (one PEM file, as haproxy's `crt` takes). */
async function makeCertificate(workDir: string): Promise<string> {
  const key = join(workDir, 'server.key');
  const cert = join(workDir, 'server.crt');
  await runner.run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { timeoutMs: 30_000 });
  const pem = join(workDir, 'server.pem');
  writeFileSync(pem, `${readFileSync(cert, 'utf8')}${readFileSync(key, 'utf8')}`);
  return pem;
}

async function startServer(kind: ServerKind, workDir: string): Promise<Server> {
  const [port] = (await findFreeLoopbackPorts(1)) as [number];
  let file: string;
  let args: string[];
  if (kind !== 'node') {
    const bind = kind === 'haproxy' ? `  bind 127.0.0.1:${port} proto h2` : `  bind 127.0.0.1:${port} ssl crt ${await makeCertificate(workDir)} alpn h2`;
    const cfg = join(workDir, `${kind}.cfg`);
    writeFileSync(
      cfg,
      ['global', '  nbthread 1', '  maxconn 4000', 'defaults', '  mode http', '  timeout client 30s', '  timeout server 30s', '  timeout connect 5s', 'frontend h2', bind, '  http-request return status 200 content-type text/plain string ok', ''].join('\n'),
    );
    [file, args] = onCpu(1, 'haproxy', ['-db', '-f', cfg]);
  } else [file, args] = onCpu(1, process.execPath, ['-e', RESPONDER, String(port)]);
  const proc = spawnProcess(file, args);
  if (!(await waitForLoopbackPort({ port, timeoutMs: 5_000 }))) throw new Error(`${kind} h2 server did not start`);
  const name = kind === 'haproxy' ? 'haproxy (h2c)' : kind === 'haproxy-tls' ? 'haproxy (TLS)' : 'node:http2';
  return { name, url: `${kind === 'haproxy-tls' ? 'https' : 'http'}://127.0.0.1:${port}`, stop: () => proc.stop() };
}

interface Measured {
  rps: number;
  cpuUs: number;
}

function match(text: string, re: RegExp, what: string): number {
  const m = re.exec(text);
  if (!m) throw new Error(`cannot read ${what} output:\n${text}`);
  return Number(m[1]);
}

const GRPC_PATH = '/meshbench.v1.Orders/GetOrder';
type Protocol = 'h2c' | 'h2' | 'grpc';

/** Our closed loop with connections × streams outstanding; rps and CPU of the measured window. */
async function ours(options: H2RowsOptions, url: string, protocol: Protocol): Promise<Measured> {
  const spec: AgentSpec = {
    targetUrl: url,
    rps: 0,
    engine: 'closed',
    arrival: 'uniform',
    connections: options.connections,
    protocol,
    maxStreams: options.streams,
    // The benchmark's own self-signed certificate.
    ...(protocol === 'h2' ? { tls: { insecure: true } } : {}),
    warmupMs: 1_000,
    durationMs: options.seconds * 1_000,
    timeoutMs: 5_000,
    maxQueuedRequests: 10_000,
    requests: [{ name: 'get', method: 'GET', path: '/orders/1', weight: 1, body: 'none' }],
    seedOrders: 1,
    seed: 1,
    agentIndex: 0,
    startAtMs: 0,
  };
  const r = await runMetered(process.execPath, ['--max-semi-space-size=32', options.agentPath], { [AGENT_SPEC_ENV]: JSON.stringify(spec) });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{"type":"result"'));
  if (!line) throw new Error(`agent printed no result:\n${r.stdout}`);
  const result = (JSON.parse(line) as { result: AgentResult }).result;
  if (result.errors > 0) throw new Error(`our ${protocol} run had errors: ${JSON.stringify(result.errorCounts)} ${JSON.stringify(result.statusCounts)}`);
  return { rps: result.completed / (result.durationMs / 1_000), cpuUs: (result.cpuCoreSeconds * 1e6) / Math.max(1, result.completed) };
}

/** h2load, one thread, same connections and streams; whole-process CPU. */
async function h2load(options: H2RowsOptions, url: string, protocol: Protocol): Promise<Measured> {
  const args = ['-t1', `-c${options.connections}`, `-m${options.streams}`, '--warm-up-time=1', '-D', String(options.seconds)];
  if (protocol === 'grpc') {
    const message = join(options.workDir, 'get-order.grpc');
    writeFileSync(message, frameGrpcMessage(encodeOrderRequest({ id: 1, json: '' })));
    args.push('-d', message, '-H', 'content-type: application/grpc', '-H', 'te: trailers', `${url}${GRPC_PATH}`);
  } else args.push(`${url}/orders/1`);
  const r = await runMetered('h2load', args);
  const done = match(r.stdout, /requests: \d+ total, \d+ started, (\d+) done/, 'h2load');
  const failed = match(r.stdout, /(\d+) failed/, 'h2load');
  if (failed > 0) throw new Error(`h2load ${protocol}: ${failed} failed\n${r.stdout}`);
  return { rps: match(r.stdout, /finished in [\d.]+\w*, ([\d.]+) req\/s/, 'h2load'), cpuUs: (r.cpuSeconds * 1e6) / done };
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const med = (xs: number[]) => median(xs) as number;

/** Measures and prints the h2c and gRPC rows; returns ours / h2load rps per row. */
export async function runH2Rows(options: H2RowsOptions): Promise<Record<string, number>> {
  const { print } = options;
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  print(`\nHTTP/2 and gRPC, closed loop: ${options.connections} connections × ${options.streams} streams, ${options.seconds}s windows, ${options.rounds} rounds${pinned ? ', generator on CPU 0, server on CPU 1' : ''}; load average ${load()}`);
  print('  server          protocol   generator            rps (median)   CPU µs/request   ours/h2load (median of rounds, min–max)');
  const ratios: Record<string, number> = {};
  const kinds = (process.env['BENCH_H2_SERVERS'] ?? 'haproxy,haproxy-tls,node').split(',') as ServerKind[];
  const protocolsOf: Record<ServerKind, Protocol[]> = { haproxy: ['h2c'], 'haproxy-tls': ['h2'], node: ['h2c', 'grpc'] };
  for (const kind of kinds) {
    const protocols = protocolsOf[kind];
    const server = await startServer(kind, options.workDir);
    try {
      for (const protocol of protocols) {
        const runs: Record<'ours' | 'h2load', Measured[]> = { ours: [], h2load: [] };
        for (let round = 0; round < options.rounds; round++) {
          // Alternate which generator goes first.
          const order = round % 2 === 0 ? (['ours', 'h2load'] as const) : (['h2load', 'ours'] as const);
          for (const who of order) runs[who].push(await (who === 'ours' ? ours : h2load)(options, server.url, protocol));
        }
        const rpsOurs = med(runs.ours.map((m) => m.rps));
        const rpsPeer = med(runs.h2load.map((m) => m.rps));
        const roundRatios = runs.ours.map((m, i) => m.rps / (runs.h2load[i] as Measured).rps);
        const ratio = med(roundRatios);
        ratios[`${server.name} ${protocol}`] = ratio;
        const spread = `${fmt(ratio, 2)} (${fmt(Math.min(...roundRatios), 2)}–${fmt(Math.max(...roundRatios), 2)})`;
        for (const who of ['ours', 'h2load'] as const) {
          const label = who === 'ours' ? 'meshbench closed loop' : `h2load -c${options.connections} -m${options.streams}`;
          const rps = who === 'ours' ? rpsOurs : rpsPeer;
          print(
            `  ${server.name.padEnd(14)}  ${protocol.padEnd(8)}   ${label.padEnd(20)} ${fmt(rps).padStart(12)}   ${fmt(med(runs[who].map((m) => m.cpuUs)), 1).padStart(14)}   ${who === 'ours' ? spread : ''}`,
          );
        }
      }
    } finally {
      await server.stop();
    }
  }
  print(`  (ours: CPU of the measured window; h2load: whole process. Target: ours ≥ 0.7 × h2load rps.) Load average at the end: ${load()}`);
  for (const [row, ratio] of Object.entries(ratios)) print(`  ${row}: ${fmt(ratio, 2)}× h2load — ${ratio >= 0.7 ? 'met' : 'NOT met'}`);
  return ratios;
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'meshbench-engine-h2-'));
  try {
    const scripts = await bundleWorkloadScripts();
    const agentPath = join(workDir, 'load-agent.mjs');
    writeFileSync(agentPath, scripts.agent);
    await runH2Rows({
      agentPath,
      workDir,
      rounds: Number(process.env['BENCH_ROUNDS'] ?? 3),
      seconds: Number(process.env['BENCH_SECONDS'] ?? 5),
      connections: Number(process.env['BENCH_CONNECTIONS'] ?? 4),
      streams: Number(process.env['BENCH_STREAMS'] ?? 16),
      print: (line) => console.log(line),
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
