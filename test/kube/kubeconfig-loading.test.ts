import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestContext } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { loadKubeConfig, requestTimeoutMiddleware } from '../../src/kube/kubeconfig-loading.ts';

let dir: string;

function kubeconfigFile(name: string, contexts: { name: string; server: string }[], current: string | null): string {
  const lines = ['apiVersion: v1', 'kind: Config', ...(current ? [`current-context: ${current}`] : []), 'clusters:'];
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`);
  lines.push('contexts:');
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, `    user: ${c.name}`);
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  user:', '    token: t');
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function thrown(fn: () => unknown): HarnessError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HarnessError);
    return err as HarnessError;
  }
  throw new Error('did not throw');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-kubeconfig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadKubeConfig', () => {
  it('uses the current context, or the one asked for', () => {
    const path = kubeconfigFile('a', [{ name: 'one', server: 'https://one:6443' }, { name: 'two', server: 'https://two:6443' }], 'one');
    expect(loadKubeConfig(path, null).getCurrentCluster()?.server).toBe('https://one:6443');
    expect(loadKubeConfig(path, 'two').getCurrentCluster()?.server).toBe('https://two:6443');
  });

  it('merges a :-separated list like kubectl', () => {
    const a = kubeconfigFile('a', [{ name: 'one', server: 'https://one:6443' }], 'one');
    const b = kubeconfigFile('b', [{ name: 'two', server: 'https://two:6443' }], null);
    const kc = loadKubeConfig(`${a}:${b}`, 'two');
    expect(kc.getCurrentCluster()?.server).toBe('https://two:6443');
    expect(kc.getContexts().map((c) => c.name).sort()).toEqual(['one', 'two']);
  });

  it('refuses an unknown context, listing the known ones', () => {
    const path = kubeconfigFile('a', [{ name: 'one', server: 'https://one:6443' }], 'one');
    const error = thrown(() => loadKubeConfig(path, 'nope'));
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe(`context "nope" is not in ${path}`);
    expect(error.hint).toBe('known contexts: one');
  });

  it('refuses a file it cannot read, an empty path and a file without a current context', () => {
    expect(thrown(() => loadKubeConfig(join(dir, 'missing'), null)).code).toBe('CONFIG_INVALID');
    expect(thrown(() => loadKubeConfig('', null)).code).toBe('USAGE');
    const noCurrent = kubeconfigFile('c', [{ name: 'one', server: 'https://one:6443' }], null);
    const error = thrown(() => loadKubeConfig(noCurrent, null));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(`kubeconfig ${noCurrent} has no current context with a cluster`);
  });
});

describe('requestTimeoutMiddleware', () => {
  it('puts a fresh timeout signal on every request', async () => {
    const middleware = requestTimeoutMiddleware(5_000);
    const signals: AbortSignal[] = [];
    const context = { setSignal: (s: AbortSignal) => signals.push(s) } as unknown as RequestContext;
    expect(await middleware.pre(context)).toBe(context);
    await middleware.pre(context);
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]);
    expect(signals[0]?.aborted).toBe(false);
  });

  it('aborts a request that outlives the timeout', async () => {
    let signal: AbortSignal | undefined;
    await requestTimeoutMiddleware(1).pre({ setSignal: (s: AbortSignal) => (signal = s) } as unknown as RequestContext);
    await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));
    expect(signal?.reason).toBeInstanceOf(DOMException);
  });
});
