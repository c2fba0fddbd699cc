/**
 * The KubeClient's namespace deletion: delete, then poll until the namespace is gone (a namespace
 * already gone is fine); one still terminating at the deadline is NOT_READY with the conditions
 * that hold it.
 */
import type { CoreV1Api } from '@kubernetes/client-node';
import { HarnessError } from '../errors.ts';
import { sleepMs } from './abortable-sleep.ts';
import { apiStatusCode, toKubeError } from './kube-errors.ts';

/** What the deletion needs from the client: the core API, its address and poll period. */
export interface DeleteNamespaceContext {
  core: CoreV1Api;
  /** API server address, for errors. */
  server: string;
  pollIntervalMs: number;
}

/** Deletes the namespace and waits until it is gone. */
export async function deleteNamespaceAndWait(
  ctx: DeleteNamespaceContext,
  name: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  const { signal } = options;
  try {
    await ctx.core.deleteNamespace({ name });
  } catch (err) {
    if (apiStatusCode(err) === 404) return;
    throw toKubeError(err, { action: `delete namespace ${name}`, server: ctx.server, signal });
  }
  const deadline = Date.now() + options.timeoutMs;
  let phase = 'Terminating';
  for (;;) {
    try {
      const ns = await ctx.core.readNamespace({ name });
      phase = ns.status?.phase ?? phase;
      const stuck = ns.status?.conditions?.filter((c) => c.status === 'True').map((c) => `${c.type}: ${c.message ?? ''}`) ?? [];
      if (Date.now() >= deadline) {
        throw new HarnessError('NOT_READY', `namespace ${name} is still ${phase} after ${Math.round(options.timeoutMs / 1000)} s`, {
          details: stuck,
          hint: `check what holds it: kubectl get all,events -n ${name}`,
        });
      }
    } catch (err) {
      if (apiStatusCode(err) === 404) return;
      throw toKubeError(err, { action: `wait for namespace ${name} to be deleted`, server: ctx.server, signal });
    }
    await sleepMs(ctx.pollIntervalMs, signal);
  }
}
