import type { CoreV1Api } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { deleteNamespaceAndWait } from '../../src/kube/kube-namespace-delete.ts';

const notFound = () => Object.assign(new Error('HTTP-Code: 404'), { code: 404 });

/** A core API whose namespace stays for `readsUntilGone` reads (Infinity: forever). */
function core(options: { readsUntilGone: number; deleteError?: unknown }): { api: CoreV1Api; reads: () => number } {
  let reads = 0;
  const api = {
    deleteNamespace: async () => {
      if (options.deleteError) throw options.deleteError;
      return {};
    },
    readNamespace: async () => {
      reads++;
      if (reads > options.readsUntilGone) throw notFound();
      return { status: { phase: 'Terminating', conditions: [{ type: 'NamespaceContentRemaining', status: 'True', message: 'Some resources are remaining: pods. has 1 resource instances' }, { type: 'NamespaceDeletionDiscoveryFailure', status: 'False' }] } };
    },
  } as unknown as CoreV1Api;
  return { api, reads: () => reads };
}

const ctx = (api: CoreV1Api) => ({ core: api, server: 'https://127.0.0.1:6443', pollIntervalMs: 1 });

describe('deleteNamespaceAndWait', () => {
  it('deletes and polls until the namespace is gone', async () => {
    const { api, reads } = core({ readsUntilGone: 3 });
    await deleteNamespaceAndWait(ctx(api), 'bench', { timeoutMs: 10_000 });
    expect(reads()).toBe(4);
  });

  it('is content with a namespace that is already gone', async () => {
    const { api, reads } = core({ readsUntilGone: 0, deleteError: notFound() });
    await deleteNamespaceAndWait(ctx(api), 'bench', { timeoutMs: 10_000 });
    expect(reads()).toBe(0);
  });

  it('names what holds a namespace still terminating at the deadline', async () => {
    const { api } = core({ readsUntilGone: Number.POSITIVE_INFINITY });
    const error = (await deleteNamespaceAndWait(ctx(api), 'bench', { timeoutMs: 0 }).catch((e: unknown) => e)) as HarnessError;
    expect(error).toBeInstanceOf(HarnessError);
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toBe('namespace bench is still Terminating after 0 s');
    expect(error.details).toEqual(['NamespaceContentRemaining: Some resources are remaining: pods. has 1 resource instances']);
    expect(error.hint).toBe('check what holds it: kubectl get all,events -n bench');
  });

  it('reports a refused delete with the server\'s words', async () => {
    const { api } = core({ readsUntilGone: 0, deleteError: Object.assign(new Error('HTTP-Code: 403'), { code: 403, body: '{"message":"forbidden"}' }) });
    const error = (await deleteNamespaceAndWait(ctx(api), 'bench', { timeoutMs: 1_000 }).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toBe('Kubernetes API refused to delete namespace bench: HTTP 403: forbidden');
  });
});
