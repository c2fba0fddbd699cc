/**
 * A standalone run of one engine in this process, for CPU profiles and quick A/B checks:
 *
 *   [CACERT=ca.pem] [PROTOCOL=h2c|h2|grpc STREAMS=16] node --import tsx [--cpu-prof] bench/engine-driver.ts <url> <open|closed> [rps] [seconds]
 *
 * Prints one JSON line: achieved rps, this process's CPU per request (µs, from process.cpuUsage over
 * the measured window), scheduler lag p50/p99, late sends, the sender's wake-ups per request and
 * each thread's CPU per request (/proc/self/task; the waker thread has exited by then, so its
 * share is the process figure minus the threads listed). GAP_MS sets the least wake-up gap.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { runClosedLoop } from '../src/load/closed-loop-engine.ts';
import { createFixedRequestPicker } from '../src/load/fixed-request.ts';
import { decodeHistogram, summarizeHistogram } from '../src/stats/latency-histogram.ts';
import { runOpenLoop } from '../src/load/open-loop-engine.ts';

const [url = 'http://127.0.0.1:8080', engine = 'open', rpsArg = '5000', secondsArg = '10'] = process.argv.slice(2);
const connections = Number(process.env['CONNECTIONS'] ?? 16);
const common = {
  targetUrl: url,
  // https:// URLs: CACERT=<pem> trusts that CA (otherwise the system's).
  tls: process.env['CACERT'] ? { caFile: process.env['CACERT'] } : undefined,
  connections,
  protocol: (process.env['PROTOCOL'] ?? 'http1') as 'http1' | 'h2c' | 'h2' | 'grpc',
  maxStreams: process.env['STREAMS'] ? Number(process.env['STREAMS']) : undefined,
  warmupMs: 1_000,
  durationMs: Number(secondsArg) * 1_000,
  timeoutMs: 5_000,
  onWindowStart: () => {
    ticksAtStart = threadTicks();
  },
  picker: createFixedRequestPicker({ method: 'GET', path: '/orders/1', body: null, headers: {} }),
};
/** CPU ticks (user+system) of each thread of this process, by thread name. */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(`${name}#${tid}`, Number(fields[11]) + Number(fields[12]));
    } catch {
      // thread gone
    }
  }
  return out;
}
let ticksAtStart = new Map<string, number>();
const wakeStats = { wakeUps: 0 };
const r =
  engine === 'closed'
    ? await runClosedLoop(common)
    : await runOpenLoop({ ...common, rps: Number(rpsArg), arrival: 'uniform', maxQueuedRequests: 10_000, seed: 1, wakeStats, minWakeGapMs: process.env['GAP_MS'] ? Number(process.env['GAP_MS']) : undefined });
const threadCpuUsPerRequest: Record<string, number> = {};
for (const [k, v] of threadTicks()) {
  const d = v - (ticksAtStart.get(k) ?? 0);
  if (d > 0) threadCpuUsPerRequest[k] = Math.round((d * 10_000) / Math.max(1, r.completed) * 10) / 10;
}
const lag = summarizeHistogram(decodeHistogram(r.histograms.schedulerLagUs));
const latency = summarizeHistogram(decodeHistogram(r.histograms.latencyUs));
console.log(
  JSON.stringify({
    engine,
    targetRps: r.targetRps,
    achievedRps: Math.round(r.completed / (r.durationMs / 1_000)),
    cpuUsPerRequest: Math.round(((r.cpuCoreSeconds * 1e6) / Math.max(1, r.completed)) * 10) / 10,
    coreShare: Math.round((r.cpuCoreSeconds / (r.durationMs / 1_000)) * 100) / 100,
    lagP50Us: lag.p50Us,
    lagP99Us: lag.p99Us,
    latencyP50Us: latency.p50Us,
    latencyP99Us: latency.p99Us,
    lateSends: r.lateSends,
    // Wake-ups of the sender (warm-up included) per request sent; open loop only.
    wakeUpsPerRequest: engine === 'closed' ? null : Math.round((wakeStats.wakeUps / Math.max(1, r.completed * (1 + common.warmupMs / common.durationMs))) * 100) / 100,
    dropped: r.dropped,
    errors: r.errors,
    threadCpuUsPerRequest,
  }),
);
