/**
 * The KubeClient's apply: server-side apply (`PATCH …?fieldManager=meshbench&force=true`,
 * `application/apply-patch+yaml`), one object at a time in order. Server-side apply keeps no
 * `last-applied-configuration` annotation, so a ~500 KB script ConfigMap is not stored twice
 * (client-side apply would exceed the 256 KB annotation limit). Objects of a CRD installed a
 * moment ago and webhooks still starting are retried for a while.
 */
import { type KubernetesObject, type KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { interruptedError } from '../errors.ts';
import type { KubeObject } from '../plan/plan-types.ts';
import { sleepMs } from './abortable-sleep.ts';
import { describeObject } from './kube-describe.ts';
import { isTransient, isUnreachable, toKubeError } from './kube-errors.ts';

/** The field manager of every apply (server-side apply ownership). */
export const FIELD_MANAGER = 'meshbench';

/** What apply needs from the client: its object API, its address and timing. */
export interface ApplyContext {
  api: KubernetesObjectApi;
  /** API server address, for errors. */
  server: string;
  /** How long unknown kinds (CRD just created) and transient errors are retried. */
  applyRetryMs: number;
  pollIntervalMs: number;
}

/** Applies the objects in order, each retried until `applyRetryMs` while its kind is unknown or the error transient. */
export async function applyObjects(ctx: ApplyContext, objects: KubeObject[], signal?: AbortSignal): Promise<void> {
  for (const object of objects) {
    const deadline = Date.now() + ctx.applyRetryMs;
    for (;;) {
      if (signal?.aborted) throw interruptedError();
      try {
        // specUriPath fills in defaults on the object it gets: give it a copy.
        const copy = structuredClone(object) as KubernetesObject;
        await ctx.api.patch(copy, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
        break;
      } catch (err) {
        const unknownKind = err instanceof Error && /Unrecognized API version and kind|Failed to fetch resource metadata/.test(err.message);
        const retryable = unknownKind || (isTransient(err) && !isUnreachable(err));
        if (!retryable || Date.now() >= deadline) {
          throw toKubeError(err, { action: `apply ${describeObject(object)}`, server: ctx.server, signal });
        }
        await sleepMs(ctx.pollIntervalMs, signal);
      }
    }
  }
}
