import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../../src/config/config-files.ts';
import { kindCluster } from '../../../src/platform/kind/index.ts';

const baseline = loadTarget('baseline').spec;
const cilium = loadTarget('cilium').spec;

describe('kindCluster', () => {
  it('names a cluster per run, always installs the mesh, and records the kind context', () => {
    const name = kindCluster.clusterName(baseline, '20261126-140000-baseline');
    expect(name).toMatch(/^meshbench-baseline-[0-9a-f]{6}$/);
    expect(kindCluster.installsMesh(false)).toBe(true);
    expect(kindCluster.clusterInfo({ clusterName: name, context: 'ignored' })).toEqual({ name, context: `kind-${name}` });
    expect(kindCluster.clusterShape(baseline)).toEqual(baseline.cluster);
    expect(() => kindCluster.meshPresentStep(baseline.mesh, null)).toThrow(/always installs/);
  });

  it('waits for the nodes again after the mesh install only when the mesh brings the CNI', () => {
    expect(cilium.cluster.disableDefaultCNI).toBe(true);
    expect(kindCluster.afterMeshInstallSteps(cilium).map((s) => s.id)).toEqual(['nodes-ready']);
    expect(kindCluster.afterMeshInstallSteps(baseline)).toEqual([]);
  });

  it('tears down by deleting the cluster, and reads host CPU through its control-plane node', () => {
    const steps = kindCluster.teardownSteps({ clusterName: 'meshbench-x-abc123', kubeconfigPath: '/w/kubeconfig', namespaces: ['a'] });
    expect(steps[0]?.actions[0]).toMatchObject({ kind: 'command', tool: 'kind', args: ['delete', 'cluster', '--name', 'meshbench-x-abc123', '--kubeconfig', '/w/kubeconfig'] });
    const runner = { run: async () => ({ stdout: '', stderr: '', exitCode: 0 }) };
    expect(kindCluster.hostCpuReader({ runner: runner as never, clusterName: 'meshbench-x-abc123' })).toBeTypeOf('function');
  });
});
