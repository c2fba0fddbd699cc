/**
 * `npm run bench:engine`: how good is the load engine, on this machine, right now?
 *
 * 1. Closed loop: maximum rps of our engine (raw keep-alive sockets, one Node thread) vs wrk (C, one thread),
 *    same connections, against the same trivial server — haproxy answering from memory, so the
 *    server is not the bottleneck. Runs alternate (ABAB…) and medians are compared as a ratio.
 * 2. Open loop: achieved/target rate and scheduler lag p50/p99 at 1k, 5k and 10k rps, and the
 *    agent's CPU per 1,000 requests — the agent runs as its own process from the same bundle
 *    that runs in pods.
 *
 * Machines here are 2 cores and noisy: every figure is a median of several runs in one session.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecaCommandRunner, spawnProcess } from '../src/exec/command-runner.ts';
import { AGENT_SPEC_ENV, type AgentResult, type AgentSpec } from '../src/plan/agent-protocol.ts';
import { decodeHistogram, summarizeHistogram } from '../src/stats/latency-histogram.ts';
import { median } from '../src/stats/median.ts';
import { findFreeLoopbackPorts, waitForLoopbackPort } from '../src/platform/local/loopback-ports.ts';
import { bundleWorkloadScripts } from '../src/workload/workload-bundle.ts';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CLOSED_SECONDS = Number(process.env['BENCH_CLOSED_SECONDS'] ?? 5);
const OPEN_SECONDS = Number(process.env['BENCH_OPEN_SECONDS'] ?? 10);
const CONNECTIONS = 16;
const runner = new ExecaCommandRunner();
const work = mkdtempSync(join(tmpdir(), 'meshbench-engine-'));

async function startTrivialServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const [port] = await findFreeLoopbackPorts(1);
  const cfg = join(work, 'trivial.cfg');
  writeFileSync(
    cfg,
    [
      'global',
      '  nbthread 1',
      '  maxconn 4000',
      'defaults',
      '  mode http',
      '  timeout client 30s',
      '  timeout server 30s',
      '  timeout connect 5s',
      'frontend trivial',
      `  bind 127.0.0.1:${port}`,
      '  http-request return status 200 content-type text/plain string ok',
      '',
    ].join('\n'),
  );
  const proc = spawnProcess('haproxy', ['-db', '-f', cfg]);
  if (!(await waitForLoopbackPort({ port: port as number, timeoutMs: 5_000 }))) throw new Error('haproxy did not start');
  return { url: `http://127.0.0.1:${port}`, stop: () => proc.stop() };
}

async function runAgent(agentPath: string, spec: AgentSpec): Promise<AgentResult> {
  let result: AgentResult | null = null;
  const proc = spawnProcess(process.execPath, ['--max-semi-space-size=32', agentPath], {
    env: { ...process.env, [AGENT_SPEC_ENV]: JSON.stringify(spec) },
    onStdoutLine: (line) => {
      if (line.startsWith('{"type":"result"')) result = (JSON.parse(line) as { result: AgentResult }).result;
    },
  });
  await proc.exited;
  if (!result) throw new Error('agent printed no result');
  return result;
}

function spec(options: Partial<AgentSpec> & { targetUrl: string }): AgentSpec {
  return {
    rps: 1_000,
    engine: 'open',
    arrival: 'uniform',
    connections: CONNECTIONS,
    warmupMs: 2_000,
    durationMs: OPEN_SECONDS * 1_000,
    timeoutMs: 5_000,
    maxQueuedRequests: 10_000,
    requests: [{ name: 'get', method: 'GET', path: '/orders/1', weight: 1, body: 'none' }],
    seedOrders: 1,
    seed: 1,
    agentIndex: 0,
    startAtMs: 0,
    ...options,
  };
}

async function wrkRps(url: string): Promise<number> {
  const r = await runner.run('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${CLOSED_SECONDS}s`, `${url}/orders/1`]);
  const m = /Requests\/sec:\s+([\d.]+)/.exec(r.stdout);
  if (!m) throw new Error(`cannot read wrk output:\n${r.stdout}`);
  return Number(m[1]);
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  console.log(`meshbench engine benchmark: ${ROUNDS} rounds, closed ${CLOSED_SECONDS}s, open ${OPEN_SECONDS}s windows, ${CONNECTIONS} connections`);
  const scripts = await bundleWorkloadScripts();
  const agentPath = join(work, 'load-agent.mjs');
  writeFileSync(agentPath, scripts.agent);
  const server = await startTrivialServer();
  try {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // ABBA order: drift in the machine's state affects both sides alike.
      const order = round % 2 === 0 ? ['ours', 'wrk'] : ['wrk', 'ours'];
      for (const who of order) {
        if (who === 'wrk') theirs.push(await wrkRps(server.url));
        else {
          const r = await runAgent(agentPath, spec({ targetUrl: server.url, engine: 'closed', warmupMs: 1_000, durationMs: CLOSED_SECONDS * 1_000 }));
          ours.push(r.completed / (r.durationMs / 1_000));
        }
      }
    }
    const oursMedian = median(ours) as number;
    const wrkMedian = median(theirs) as number;
    console.log('\nclosed loop, maximum rps (1 generator thread each, haproxy as the trivial server)');
    console.log(`  meshbench closed loop   median ${fmt(oursMedian)} rps   runs ${ours.map((x) => fmt(x)).join(', ')}`);
    console.log(`  wrk -t1                 median ${fmt(wrkMedian)} rps   runs ${theirs.map((x) => fmt(x)).join(', ')}`);
    console.log(`  ratio meshbench / wrk   ${fmt(oursMedian / wrkMedian, 2)}   (target ≥ 0.80)`);

    console.log('\nopen loop, constant arrival rate (uniform), agent as its own process');
    console.log('  target rps   achieved/target   lag p50   lag p99   late sends   agent core-s per 1k req');
    for (const rps of [1_000, 5_000, 10_000]) {
      const rows: { ratio: number; p50: number; p99: number; late: number; cpu: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const r = await runAgent(agentPath, spec({ targetUrl: server.url, rps }));
        const lag = summarizeHistogram(decodeHistogram(r.histograms.schedulerLagUs));
        const achieved = r.completed / (r.durationMs / 1_000);
        rows.push({ ratio: achieved / rps, p50: lag.p50Us, p99: lag.p99Us, late: r.lateSends / Math.max(1, r.sent), cpu: (r.cpuCoreSeconds * 1_000) / Math.max(1, r.completed) });
      }
      const m = (f: (x: (typeof rows)[number]) => number) => median(rows.map(f)) as number;
      console.log(
        `  ${String(rps).padStart(10)}   ${fmt(m((x) => x.ratio), 4).padStart(15)}   ${`${fmt(m((x) => x.p50))}µs`.padStart(7)}   ${`${fmt(m((x) => x.p99))}µs`.padStart(7)}   ${`${fmt(m((x) => x.late) * 100, 2)}%`.padStart(10)}   ${fmt(m((x) => x.cpu), 4).padStart(23)}`,
      );
    }
    console.log('  (targets: 5,000 rps held within 1% with scheduler lag p99 under 1 ms)');
  } finally {
    await server.stop();
  }
}

await main();
