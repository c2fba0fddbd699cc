import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../../src/config/config-files.ts';
import { existingCluster } from '../../../src/platform/existing/index.ts';

const istio = loadTarget('istio-sidecar').spec;

describe('existingCluster', () => {
  it('creates no cluster, installs the mesh only with --install-mesh, and otherwise checks it is there', () => {
    expect(existingCluster.clusterName(istio, '20261126-140000-x')).toBeNull();
    expect([existingCluster.installsMesh(false), existingCluster.installsMesh(true)]).toEqual([false, true]);
    expect(existingCluster.meshPresentStep(istio.mesh, '1.28.3')).toMatchObject({ id: 'mesh-present', actions: [{ check: 'mesh-present' }] });
    expect(existingCluster.afterMeshInstallSteps(istio)).toEqual([]);
    expect(existingCluster.clusterShape(istio)).toBeNull();
    expect(existingCluster.hostCpuReader({ runner: {} as never, clusterName: 'x' })).toBeNull();
  });

  it('records the context it uses and tears down only the run\'s namespaces', () => {
    expect(existingCluster.clusterInfo({ clusterName: null, context: 'prod' })).toEqual({ name: 'prod', context: 'prod' });
    expect(existingCluster.clusterInfo({ clusterName: null, context: null })).toEqual({ name: '(current context)', context: null });
    const steps = existingCluster.teardownSteps({ clusterName: null, kubeconfigPath: '/w/kubeconfig', namespaces: ['ns', 'ns-probe'] });
    expect(steps.flatMap((s) => s.actions).map((a) => (a.kind === 'delete-namespace' ? a.namespace : a.kind))).toEqual(['ns', 'ns-probe']);
  });
});
