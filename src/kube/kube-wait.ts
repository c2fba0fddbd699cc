/**
 * The KubeClient's waits: a condition polled against a deadline; a timeout is NOT_READY naming the
 * stuck object, its pods' states and their recent events. An API server that does not answer
 * fails the wait after `unreachableGraceMs` (not at the end of a long deadline) with its address.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { HarnessError, interruptedError } from '../errors.ts';
import type { WaitCondition } from '../plan/plan-types.ts';
import { sleepMs } from './abortable-sleep.ts';
import { describeCondition } from './kube-describe.ts';
import { isTransient, isUnreachable, toKubeError } from './kube-errors.ts';
import { podIsReady, podStateSummary } from './kube-readiness.ts';
import { probeCondition, type WaitApis, type WaitProbe } from './kube-wait-probe.ts';

/** What a wait needs from the client: its APIs, its event lines, its address and timing. */
export interface WaitContext {
  apis: WaitApis;
  /** Recent events of a namespace (optionally about one object), formatted one per line. */
  events: (namespace: string, involvedName?: string) => Promise<string[]>;
  /** API server address, for errors. */
  server: string;
  pollIntervalMs: number;
  /** How long the wait tolerates an API server that does not answer before failing. */
  unreachableGraceMs: number;
}

/** Polls until the condition holds; NOT_READY on failure or timeout, the API error if the server stays unreachable. */
export async function waitForCondition(
  ctx: WaitContext,
  condition: WaitCondition,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  const { signal } = options;
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let last: WaitProbe | undefined;
  let unreachableSince: number | undefined;
  for (;;) {
    if (signal?.aborted) throw interruptedError();
    try {
      last = await probeCondition(ctx.apis, condition);
      unreachableSince = undefined;
      if (last.readiness.done) return;
      if (last.readiness.failed) throw await notReadyError(ctx, condition, last, `failed: ${last.readiness.failed}`);
    } catch (err) {
      if (err instanceof HarnessError) throw err;
      if (!isTransient(err)) throw toKubeError(err, { action: `wait for ${describeCondition(condition)}`, server: ctx.server, signal });
      if (isUnreachable(err)) {
        unreachableSince ??= Date.now();
        const graceOver = Date.now() - unreachableSince >= Math.min(ctx.unreachableGraceMs, options.timeoutMs);
        if (graceOver || Date.now() >= deadline) {
          throw toKubeError(err, { action: `wait for ${describeCondition(condition)}`, server: ctx.server, signal });
        }
      }
    }
    const now = Date.now();
    if (now >= deadline) {
      const seconds = options.timeoutMs < 10_000 ? (options.timeoutMs / 1000).toFixed(1) : String(Math.round(options.timeoutMs / 1000));
      throw await notReadyError(ctx, condition, last, `not ready after ${seconds} s${last ? `: ${last.readiness.status}` : ''}`);
    }
    await sleepMs(Math.min(ctx.pollIntervalMs, deadline - now), signal);
  }
}

/** NOT_READY naming the first stuck pod, with pod states and recent events as details. */
async function notReadyError(ctx: WaitContext, condition: WaitCondition, probe: WaitProbe | undefined, what: string): Promise<HarnessError> {
  const details: string[] = [...(probe?.details ?? [])];
  let firstStuck: string | undefined;
  try {
    if (probe?.pods) {
      const pods: V1Pod[] = (await ctx.apis.core.listNamespacedPod({ namespace: probe.pods.namespace, labelSelector: probe.pods.labelSelector || undefined }))
        .items;
      for (const pod of pods) {
        if (podIsReady(pod) || pod.status?.phase === 'Succeeded') continue;
        const name = pod.metadata?.name ?? '?';
        const state = podStateSummary(pod);
        firstStuck ??= `pod ${name} is ${state}`;
        details.push(`pod ${probe.pods.namespace}/${name} on ${pod.spec?.nodeName ?? '(unscheduled)'}: ${state}`);
        for (const line of await ctx.events(probe.pods.namespace, name)) details.push(`  ${line}`);
      }
    }
    if (probe?.events && (probe.events.namePrefix || details.length === 0)) {
      const lines = (await ctx.events(probe.events.namespace)).filter((l) => {
        const object = l.split(' ')[3] ?? '';
        return object.split('/')[1]?.startsWith(probe.events?.namePrefix ?? '') ?? false;
      });
      if (lines.length) details.push(`recent events in ${probe.events.namespace}:`, ...lines.slice(-10).map((l) => `  ${l}`));
    }
  } catch {
    // Explaining is best effort: the timeout itself is the error.
  }
  const message = `${describeCondition(condition)}: ${what}${firstStuck ? `; ${firstStuck}` : ''}`;
  return new HarnessError('NOT_READY', message, {
    hint: 'inspect the cluster (run with --keep to leave it up) or see the diagnostics folder next to the result',
    details,
  });
}
