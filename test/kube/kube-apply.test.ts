import type { KubernetesObjectApi } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { applyObjects, FIELD_MANAGER } from '../../src/kube/kube-apply.ts';
import type { KubeObject } from '../../src/plan/plan-types.ts';

interface PatchCall {
  object: KubeObject;
  fieldManager: unknown;
  force: unknown;
  strategy: unknown;
}

/** An object API whose patch answers from a script of failures (then succeeds). */
function objectApi(failures: Record<string, unknown[]> = {}): { api: KubernetesObjectApi; calls: PatchCall[] } {
  const calls: PatchCall[] = [];
  const api = {
    patch: async (object: KubeObject, _pretty: unknown, _dryRun: unknown, fieldManager: unknown, force: unknown, strategy: unknown) => {
      calls.push({ object, fieldManager, force, strategy });
      // client-node fills defaults into the object it is given.
      object.metadata.namespace ??= 'default';
      const pending = failures[object.metadata.name];
      const failure = pending?.shift();
      if (failure) throw failure;
      return object;
    },
  } as unknown as KubernetesObjectApi;
  return { api, calls };
}

const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } };
const pa: KubeObject = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'bench' }, spec: { mtls: { mode: 'STRICT' } } };
const ctx = (api: KubernetesObjectApi, applyRetryMs = 10_000) => ({ api, server: 'https://127.0.0.1:6443', applyRetryMs, pollIntervalMs: 1 });
const apiError = (code: number, message: string) => Object.assign(new Error(`HTTP-Code: ${code}`), { code, body: JSON.stringify({ message }) });

describe('applyObjects', () => {
  it('server-side applies each object in order as field manager meshbench, forcing ownership, on a copy', async () => {
    const { api, calls } = objectApi();
    const before = JSON.stringify(ns);
    await applyObjects(ctx(api), [ns, pa]);
    expect(calls.map((c) => c.object.metadata.name)).toEqual(['bench', 'default']);
    expect(calls[0]).toMatchObject({ fieldManager: FIELD_MANAGER, force: true, strategy: 'application/apply-patch+yaml' });
    expect(FIELD_MANAGER).toBe('meshbench');
    expect(JSON.stringify(ns)).toBe(before);
  });

  it('retries an object whose kind the API server does not know yet (CRD just created) and a transient error', async () => {
    const { api, calls } = objectApi({ default: [new Error('Unrecognized API version and kind: security.istio.io/v1 PeerAuthentication'), apiError(503, 'webhook starting')] });
    await applyObjects(ctx(api), [pa]);
    expect(calls).toHaveLength(3);
  });

  it('gives up on a retryable error once the retry time is spent', async () => {
    const { api, calls } = objectApi({ default: Array.from({ length: 1_000 }, () => apiError(500, 'internal error')) });
    const error = await applyObjects(ctx(api, 0), [pa]).catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).message).toBe('Kubernetes API refused to apply PeerAuthentication bench/default: HTTP 500: internal error');
  });

  it('fails at once on an API refusal, naming the object', async () => {
    const { api, calls } = objectApi({ bench: [apiError(422, 'spec is invalid')] });
    const error = (await applyObjects(ctx(api), [ns, pa]).catch((e: unknown) => e)) as HarnessError;
    expect(calls).toHaveLength(1);
    expect(error.code).toBe('COMMAND_FAILED');
    expect(error.message).toBe('Kubernetes API refused to apply Namespace bench: HTTP 422: spec is invalid');
  });

  it('does not retry an API server that does not answer', async () => {
    const { api, calls } = objectApi({ bench: [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })] });
    const error = (await applyObjects(ctx(api), [ns]).catch((e: unknown) => e)) as HarnessError;
    expect(calls).toHaveLength(1);
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toContain('did not answer (apply Namespace bench)');
  });

  it('stops with the interrupted error when aborted', async () => {
    const { api, calls } = objectApi();
    const error = (await applyObjects(ctx(api), [ns], AbortSignal.abort()).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('INTERRUPTED');
    expect(calls).toEqual([]);
  });
});
