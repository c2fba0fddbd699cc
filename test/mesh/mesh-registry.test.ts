import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { ciliumMesh } from '../../src/mesh/cilium/index.ts';
import { istioMesh } from '../../src/mesh/istio/index.ts';
import { linkerdMesh } from '../../src/mesh/linkerd/index.ts';
import { meshModuleFor } from '../../src/mesh/mesh-registry.ts';
import { noMesh } from '../../src/mesh/none/index.ts';
import { FakeKubeClient } from '../helpers/fake-kube-client.ts';
import { runtime } from '../helpers/mesh-check-runtime.ts';
import { toolOutput } from '../helpers/tool-output.ts';

describe('running versions read back from the cluster', () => {
  it('asks each mesh CLI', async () => {
    const kube = new FakeKubeClient();
    expect(await istioMesh.readRunningVersion(runtime(kube, [{ match: ['istioctl', 'version', '-o', 'json'], stdout: toolOutput('istioctl', '1.28.3', 'version-json.txt') }]))).toBe('1.28.3');
    expect(await linkerdMesh.readRunningVersion(runtime(kube, [{ match: ['linkerd', 'version'], stdout: toolOutput('linkerd', 'edge-26.6.3', 'version.txt') }]))).toBe('edge-26.6.3');
    expect(await ciliumMesh.readRunningVersion(runtime(kube, [{ match: ['cilium', 'version'], stdout: toolOutput('cilium', 'v0.18.7', 'version.txt') }]))).toBe('1.18.1');
    expect(await ciliumMesh.readRunningVersion(runtime(kube, []))).toBeNull();
  });
});

describe('meshModuleFor', () => {
  it('maps each Kubernetes mesh name to its module', () => {
    expect(meshModuleFor({ name: 'none' } as never)).toBe(noMesh);
    expect(meshModuleFor({ name: 'istio' } as never)).toBe(istioMesh);
    expect(meshModuleFor({ name: 'linkerd' } as never)).toBe(linkerdMesh);
    expect(meshModuleFor({ name: 'cilium' } as never)).toBe(ciliumMesh);
    for (const module of [noMesh, istioMesh, linkerdMesh, ciliumMesh]) expect(meshModuleFor({ name: module.name } as never).name).toBe(module.name);
  });

  it('refuses the local-only haproxy pair with a hint to use the local platform', () => {
    let error: unknown;
    try {
      meshModuleFor({ name: 'haproxy' } as never);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('USAGE');
    expect((error as HarnessError).message).toBe('mesh "haproxy" cannot run on Kubernetes platforms');
    expect((error as HarnessError).hint).toMatch(/--platform local/);
    expect(() => meshModuleFor({ name: 'netns' } as never)).toThrow('mesh "netns" cannot run on Kubernetes platforms');
  });
});
