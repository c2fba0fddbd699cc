/** Copying one context of the user's kubeconfig into the run's own (existing platform). */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exportContextKubeconfig } from '../../src/kube/kubeconfig-export.ts';
import { tempDir } from '../helpers/temp-dir.ts';

function userKubeconfig(dir: string): string {
  writeFileSync(join(dir, 'ca.crt'), 'CA-PEM');
  writeFileSync(join(dir, 'client.key'), 'KEY-PEM');
  const path = join(dir, 'config');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: dev',
      'clusters:',
      '- name: dev-cluster',
      '  cluster: { server: "https://dev.example:6443", certificate-authority: ca.crt }',
      '- name: prod-cluster',
      '  cluster: { server: "https://prod.example:6443", certificate-authority-data: UFJPRA== }',
      'users:',
      '- name: dev-user',
      '  user: { token: dev-token }',
      '- name: prod-user',
      '  user: { client-certificate-data: Q0VSVA==, client-key: client.key }',
      'contexts:',
      '- name: dev',
      '  context: { cluster: dev-cluster, user: dev-user }',
      '- name: prod',
      '  context: { cluster: prod-cluster, user: prod-user, namespace: team }',
      '',
    ].join('\n'),
  );
  return path;
}

describe('exportContextKubeconfig', () => {
  it('writes only the chosen context, self-contained, with mode 0600', () => {
    const dir = tempDir('meshbench-kc-');
    const outPath = join(dir, 'run', 'kubeconfig');
    const exported = exportContextKubeconfig({ sourcePath: userKubeconfig(dir), context: 'prod', outPath });
    expect(exported).toEqual({ context: 'prod', cluster: 'prod-cluster', server: 'https://prod.example:6443' });
    expect(statSync(outPath).mode & 0o777).toBe(0o600);
    const written = parse(readFileSync(outPath, 'utf8')) as Record<string, unknown>;
    expect(written['current-context']).toBe('prod');
    expect(JSON.stringify(written)).not.toContain('dev');
    expect(JSON.stringify(written)).toContain(Buffer.from('KEY-PEM').toString('base64'));
  });

  it('uses the current context by default and inlines file references', () => {
    const dir = tempDir('meshbench-kc-');
    const outPath = join(dir, 'kubeconfig');
    exportContextKubeconfig({ sourcePath: userKubeconfig(dir), context: null, outPath });
    const text = readFileSync(outPath, 'utf8');
    expect(text).toContain(Buffer.from('CA-PEM').toString('base64'));
    expect(text).toContain('dev-token');
  });

  it('names the known contexts when the one asked for does not exist', () => {
    const dir = tempDir('meshbench-kc-');
    expect(() => exportContextKubeconfig({ sourcePath: userKubeconfig(dir), context: 'staging', outPath: join(dir, 'k') })).toThrow(/context "staging" not found/);
  });
});
