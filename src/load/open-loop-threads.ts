/**
 * The open loop on several worker threads, as wrk2's `-t`: thread k of N owns its own connections
 * (connections / N, rounded up) and sends arrivals k, k + N, … of one schedule that starts at the
 * same instant in every thread. The result merges every thread's histograms and counts; each
 * thread's health (lag, late sends, drops, CPU of its sending thread) is kept in `threads`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HarnessError, interruptedError } from '../errors.ts';
import type { AgentThreadHealth } from '../plan/agent-protocol.ts';
import { mergeTlsStats } from '../results/merge-tls-stats.ts';
import { encodeHistogram, mergeEncodedHistograms, summarizeHistogram, decodeHistogram } from '../stats/latency-histogram.ts';
import type { EngineResult, OpenLoopOptions } from './open-loop-engine.ts';
import { OPEN_LOOP_THREAD_KIND, type PickerSpec, type ThreadMessage, type ThreadStart } from './open-loop-thread-protocol.ts';

export type ThreadedOpenLoopOptions = Omit<OpenLoopOptions, 'picker' | 'slice' | 'startEpochMs' | 'counts'> & { picker: PickerSpec; threads: number };

/**
 * The module a thread runs, from this module's URL: the sibling open-loop-thread-main under tsx
 * (with tsx registered in the thread), compiled (dist/load/) or in the CLI bundle (a chunk in
 * dist/cli-bundle/, beside the bundle's thread entry); else the bundle itself (the agent bundle
 * starts a thread when it is loaded in one; see agent-main.ts).
 */
export function threadEntry(moduleUrl: string = import.meta.url): { entryUrl: string; tsxApiUrl: string | null } {
  if (moduleUrl.endsWith('/open-loop-threads.ts')) {
    // tsx's ESM register API (its package exports "./esm/api" → dist/esm/api/index.mjs for import).
    const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
    return { entryUrl: new URL('./open-loop-thread-main.ts', moduleUrl).href, tsxApiUrl: pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href };
  }
  const sibling = new URL('./open-loop-thread-main.js', moduleUrl);
  if (moduleUrl.endsWith('/open-loop-threads.js') || (sibling.protocol === 'file:' && existsSync(sibling))) return { entryUrl: sibling.href, tsxApiUrl: null };
  return { entryUrl: moduleUrl, tsxApiUrl: null };
}

const BOOT_SOURCE = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsxApiUrl) (await import(workerData.tsxApiUrl)).register();
  await import(workerData.entryUrl);
})();
`;

/** Time the threads get between "all ready" and the first arrival. */
const START_DELAY_MS = 50;

export async function runOpenLoopThreads(options: ThreadedOpenLoopOptions): Promise<EngineResult & { threads: AgentThreadHealth[] }> {
  const { threads: count, signal } = options;
  if (!Number.isInteger(count) || count < 1) throw new HarnessError('USAGE', `threads must be a positive integer, got ${count}`);
  const { picker, threads: _threads, signal: _signal, onWindowStart, onWindowEnd, ...plain } = options;
  const entry = threadEntry();
  const workers: Worker[] = [];
  const ready: Promise<void>[] = [];
  const results: Promise<{ result: EngineResult; health: AgentThreadHealth }>[] = [];
  for (let index = 0; index < count; index++) {
    const worker = new Worker(BOOT_SOURCE, { eval: true, workerData: { kind: OPEN_LOOP_THREAD_KIND, ...entry } });
    workers.push(worker);
    let onReady: () => void = () => undefined;
    ready.push(new Promise<void>((r) => (onReady = r)));
    results.push(
      new Promise((resolve, reject) => {
        worker.on('message', (m: ThreadMessage) => {
          if (m.type === 'ready') onReady();
          else if (m.type === 'result') resolve({ result: m.result, health: m.health });
          else reject(m.aborted ? interruptedError() : new HarnessError('COMMAND_FAILED', `load thread ${index}: ${m.message}`));
        });
        worker.on('error', (err) => reject(err));
        worker.on('exit', (code) => reject(new HarnessError('COMMAND_FAILED', `load thread ${index} exited (code ${code}) without a result`)));
      }),
    );
  }
  const onAbort = () => {
    for (const w of workers) w.postMessage({ type: 'abort' });
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const timers: NodeJS.Timeout[] = [];
  try {
    await Promise.race([Promise.all(ready), ...results]);
    const startEpochMs = performance.timeOrigin + performance.now() + START_DELAY_MS;
    const windowStartMs = startEpochMs + plain.warmupMs;
    const windowEndMs = windowStartMs + plain.durationMs;
    let cpuAtStart: NodeJS.CpuUsage | null = null;
    let cpuCoreSeconds = 0;
    const nowEpoch = () => performance.timeOrigin + performance.now();
    timers.push(
      setTimeout(() => {
        cpuAtStart = process.cpuUsage();
        onWindowStart?.(windowStartMs);
      }, windowStartMs - nowEpoch()),
      setTimeout(() => {
        const used = process.cpuUsage(cpuAtStart ?? undefined);
        cpuCoreSeconds = (used.user + used.system) / 1e6;
        onWindowEnd?.(windowEndMs);
      }, windowEndMs - nowEpoch()),
    );
    workers.forEach((w, index) => {
      const start: ThreadStart = {
        type: 'start',
        options: {
          ...plain,
          // Each thread owns its connections and its share of the queue bound.
          connections: Math.ceil(plain.connections / count),
          maxQueuedRequests: Math.ceil(plain.maxQueuedRequests / count),
          slice: { index, count },
          startEpochMs,
        },
        picker: { ...picker, seed: picker.seed * 64 + index },
      };
      w.postMessage(start);
    });
    const done = await Promise.all(results);
    if (signal?.aborted) throw interruptedError();
    return { ...mergeThreadResults(done.map((d) => d.result), options), cpuCoreSeconds, threads: done.map((d) => d.health) };
  } finally {
    for (const t of timers) clearTimeout(t);
    signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function mergeThreadResults(parts: EngineResult[], options: ThreadedOpenLoopOptions): Omit<EngineResult, 'cpuCoreSeconds'> {
  const first = parts[0] as EngineResult;
  const sum = (f: (r: EngineResult) => number) => parts.reduce((s, r) => s + f(r), 0);
  const mergeCounts = (f: (r: EngineResult) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const r of parts) for (const [k, n] of Object.entries(f(r))) out[k] = (out[k] ?? 0) + n;
    return out;
  };
  const merged = (f: (r: EngineResult) => string) => encodeHistogram(mergeEncodedHistograms(parts.map(f)));
  const tls = mergeTlsStats(parts.map((r) => r.tls));
  return {
    engine: 'open',
    arrival: options.arrival,
    connections: sum((r) => r.connections),
    targetRps: options.rps,
    windowStartMs: first.windowStartMs,
    windowEndMs: first.windowEndMs,
    durationMs: options.durationMs,
    scheduled: sum((r) => r.scheduled),
    sent: sum((r) => r.sent),
    completed: sum((r) => r.completed),
    ok: sum((r) => r.ok),
    errors: sum((r) => r.errors),
    dropped: sum((r) => r.dropped),
    statusCounts: mergeCounts((r) => r.statusCounts),
    errorCounts: mergeCounts((r) => r.errorCounts),
    histograms: {
      latencyUs: merged((r) => r.histograms.latencyUs),
      serviceTimeUs: merged((r) => r.histograms.serviceTimeUs),
      schedulerLagUs: merged((r) => r.histograms.schedulerLagUs),
    },
    lateSends: sum((r) => r.lateSends),
    ...(tls ? { tls } : {}),
  };
}

/** One thread's health from its own result. */
export function threadHealth(index: number, r: EngineResult, sendingThreadCpuSeconds: number | null): AgentThreadHealth {
  const lag = summarizeHistogram(decodeHistogram(r.histograms.schedulerLagUs));
  return { index, sent: r.sent, dropped: r.dropped, lateSends: r.lateSends, lagP50Us: lag.p50Us, lagP99Us: lag.p99Us, cpuSeconds: sendingThreadCpuSeconds };
}
