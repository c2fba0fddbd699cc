/**
 * A worker thread of the threaded open loop: announces itself, waits for its start message, runs
 * its slice of the schedule and posts the result. Runs only when loaded in such a thread.
 */
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createFixedRequestPicker } from './fixed-request.ts';
import { runOpenLoop } from './open-loop-engine.ts';
import { threadHealth } from './open-loop-threads.ts';
import { OPEN_LOOP_THREAD_KIND, type PickerSpec, type ThreadMessage, type ThreadStart } from './open-loop-thread-protocol.ts';
import { createRequestPicker, type RequestPicker } from './request-mix.ts';

/** CPU of the calling thread (user + system), seconds, from /proc (Linux); null elsewhere. */
function threadCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15; clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function pickerFrom(spec: PickerSpec): RequestPicker {
  return spec.kind === 'mix'
    ? createRequestPicker({ requests: spec.requests, seedOrders: spec.seedOrders, seed: spec.seed })
    : createFixedRequestPicker({ method: spec.method, path: spec.path, body: spec.body, headers: spec.headers });
}

async function runThread(port: NonNullable<typeof parentPort>): Promise<void> {
  const post = (m: ThreadMessage) => port.postMessage(m);
  const controller = new AbortController();
  const start = await new Promise<ThreadStart>((resolve) => {
    port.on('message', (m: ThreadStart | { type: 'abort' }) => {
      if (m.type === 'start') resolve(m);
      else controller.abort();
    });
    post({ type: 'ready' });
  });
  let cpuAtStart: number | null = null;
  let cpuSeconds: number | null = null;
  try {
    const result = await runOpenLoop({
      ...start.options,
      picker: pickerFrom(start.picker),
      signal: controller.signal,
      onWindowStart: () => {
        cpuAtStart = threadCpuSeconds();
      },
      onWindowEnd: () => {
        const now = threadCpuSeconds();
        cpuSeconds = now !== null && cpuAtStart !== null ? now - cpuAtStart : null;
      },
    });
    post({ type: 'result', result, health: threadHealth(start.options.slice?.index ?? 0, result, cpuSeconds) });
  } catch (err) {
    post({ type: 'error', message: (err as Error).message, aborted: controller.signal.aborted });
  }
  port.close();
}

if (!isMainThread && parentPort && (workerData as { kind?: string } | null)?.kind === OPEN_LOOP_THREAD_KIND) await runThread(parentPort);
