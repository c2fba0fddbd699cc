import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import type { CheckRuntime } from '../../src/mesh/mesh.ts';
import { PLATFORM_CHECK_NAMES, PLATFORM_CHECKS, toolsCheckParams } from '../../src/platform/platform-checks.ts';
import { FakeKubeClient } from '../helpers/fake-kube-client.ts';
import { FakeToolRunner, type ToolAnswer } from '../helpers/fake-tool-runner.ts';
import { meshPlanContext } from '../helpers/mesh-plan-context.ts';
import { toolOutput } from '../helpers/tool-output.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-platform-checks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function runtime(answer: (file: string, args: string[]) => ToolAnswer, kube = new FakeKubeClient()): CheckRuntime & { runner: FakeToolRunner } {
  return { runner: new FakeToolRunner(answer), kube, kubeconfigPath: join(dir, 'run', 'kubeconfig'), namespace: 'bench', env: { KUBECONFIG: join(dir, 'run', 'kubeconfig') } };
}

async function failure(promise: Promise<unknown> | undefined): Promise<HarnessError> {
  const error = await promise?.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HarnessError);
  return error as HarnessError;
}

describe('tools check', () => {
  const tools = [
    { tool: 'kind', why: 'create kind clusters', required: true },
    { tool: 'kubectl', why: 'apply objects', required: true },
  ];

  it('passes with every tool found, listing their versions', async () => {
    const rt = runtime((file) => (file === 'kind' ? { stdout: 'kind v0.31.0 go1.24.6 linux/amd64' } : { stdout: '{"clientVersion":{"gitVersion":"v1.34.1"}}' }));
    const check = await PLATFORM_CHECKS['tools']?.(toolsCheckParams('kind', tools), rt);
    expect(check).toEqual({ name: 'tools', passed: true, evidence: ['kind v0.31.0', 'kubectl v1.34.1'] });
    expect(rt.runner.commandLines).toEqual(['kind version', 'kubectl version --client -o json']);
  });

  it('fails the preflight with TOOL_NOT_FOUND naming the platform', async () => {
    const rt = runtime((file) => (file === 'kind' ? new HarnessError('TOOL_NOT_FOUND', 'required tool "kind" was not found on PATH') : { stdout: '{"clientVersion":{"gitVersion":"v1.34.1"}}' }));
    const error = await failure(PLATFORM_CHECKS['tools']?.(toolsCheckParams('kind', tools), rt));
    expect(error.code).toBe('TOOL_NOT_FOUND');
    expect(error.message).toBe('required tool "kind" was not found on PATH (needed for the kind platform)');
  });

  it('copies the requirements into the params', () => {
    const params = toolsCheckParams('existing', tools);
    expect(params).toEqual({ platform: 'existing', tools });
    expect((params['tools'] as unknown[])[0]).not.toBe(tools[0]);
  });
});

describe('kube-context check', () => {
  function userKubeconfig(): string {
    const path = join(dir, 'user-config');
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: dev',
        'clusters:',
        '- name: dev-cluster',
        '  cluster:',
        '    server: https://10.0.0.1:6443',
        '    insecure-skip-tls-verify: true',
        'contexts:',
        '- name: dev',
        '  context:',
        '    cluster: dev-cluster',
        '    user: dev-user',
        'users:',
        '- name: dev-user',
        '  user:',
        '    token: t0ken',
        '',
      ].join('\n'),
    );
    return path;
  }

  it('writes the chosen context into the run\'s own kubeconfig (mode 0600) and reads the server version', async () => {
    const rt = runtime(() => ({}));
    const check = await PLATFORM_CHECKS['kube-context']?.({ sourcePath: userKubeconfig(), context: 'dev' }, rt);
    expect(check).toEqual({ name: 'kube-context', passed: true, evidence: ['context dev (cluster dev-cluster) at https://10.0.0.1:6443', 'Kubernetes v1.34.0'] });
    const written = JSON.parse(readFileSync(rt.kubeconfigPath, 'utf8')) as { clusters: { cluster: { server: string } }[]; 'current-context': string };
    expect(written.clusters.map((c) => c.cluster.server)).toEqual(['https://10.0.0.1:6443']);
    expect(written['current-context']).toBe('dev');
    expect(statSync(rt.kubeconfigPath).mode & 0o777).toBe(0o600);
  });

  it('names the context and address of an API server that does not answer', async () => {
    const kube = new FakeKubeClient();
    kube.serverVersion = async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.1:6443');
    };
    const error = await failure(PLATFORM_CHECKS['kube-context']?.({ sourcePath: userKubeconfig(), context: null }, runtime(() => ({}), kube)));
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toBe('cannot reach the API server of context "dev" at https://10.0.0.1:6443: connect ECONNREFUSED 10.0.0.1:6443');
  });
});

describe('mesh-present check', () => {
  const mesh = meshPlanContext({ target: 'istio-sidecar' }).target.mesh;
  const istioctl = (stdout: string) => (file: string) => (file === 'istioctl' ? { stdout } : new Error(`unexpected ${file}`));

  it('finds the installed mesh and says when it is not the pinned version', async () => {
    const json = toolOutput('istioctl', '1.28.3', 'version-json.txt');
    expect(await PLATFORM_CHECKS['mesh-present']?.({ mesh, expectedVersion: '1.28.3' }, runtime(istioctl(json)))).toEqual({ name: 'mesh-present', passed: true, evidence: ['found istio 1.28.3'] });
    const other = await PLATFORM_CHECKS['mesh-present']?.({ mesh, expectedVersion: '1.30.3' }, runtime(istioctl(json)));
    expect(other?.evidence).toEqual(['found istio 1.28.3 (the target pins 1.30.3: measuring the installed version)']);
  });

  it('fails NOT_READY when the mesh is not there', async () => {
    const error = await failure(PLATFORM_CHECKS['mesh-present']?.({ mesh, expectedVersion: null }, runtime(istioctl(toolOutput('istioctl', '1.28.3', 'version-json-no-pods.txt')))));
    expect(error.code).toBe('NOT_READY');
    expect(error.message).toBe("the target's mesh (istio) is not installed on this cluster");
  });
});

describe('PLATFORM_CHECK_NAMES', () => {
  it('lists the install gates kept out of the verification evidence', () => {
    expect([...PLATFORM_CHECK_NAMES]).toEqual(['tools', 'kube-context', 'gateway-api-bundle']);
  });
});
