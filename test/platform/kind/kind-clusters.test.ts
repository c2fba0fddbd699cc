import { describe, expect, it } from 'vitest';
import { deleteKindCluster, listKindClusters, parseKindClusters } from '../../../src/platform/kind/kind-clusters.ts';
import { FakeToolRunner } from '../../helpers/fake-tool-runner.ts';

describe('parseKindClusters', () => {
  it('reads one name per line and ignores the "none" message and blank lines', () => {
    expect(parseKindClusters('kind\nmeshbench-istio-ab12cd\n\n')).toEqual(['kind', 'meshbench-istio-ab12cd']);
    expect(parseKindClusters('No kind clusters found.\n')).toEqual([]);
  });
});

describe('listKindClusters', () => {
  it('splits meshbench\'s clusters from the user\'s', async () => {
    const runner = new FakeToolRunner(() => ({ stdout: 'dev\nmeshbench-linkerd-0a1b2c\nmeshbench-cilium-3d4e5f\n' }));
    expect(await listKindClusters(runner, { KUBECONFIG: '/x' })).toEqual({ meshbench: ['meshbench-linkerd-0a1b2c', 'meshbench-cilium-3d4e5f'], other: ['dev'] });
    expect(runner.commandLines).toEqual(['kind get clusters']);
    expect(runner.calls[0]?.options?.env).toEqual({ KUBECONFIG: '/x' });
  });
});

describe('deleteKindCluster', () => {
  it('deletes by name', async () => {
    const runner = new FakeToolRunner();
    await deleteKindCluster(runner, 'meshbench-istio-ab12cd');
    expect(runner.commandLines).toEqual(['kind delete cluster --name meshbench-istio-ab12cd']);
  });

  it('passes a failure on', async () => {
    const runner = new FakeToolRunner(() => ({ exitCode: 1, stderr: 'boom' }));
    await expect(deleteKindCluster(runner, 'x')).rejects.toThrow(/exited with code 1/);
  });
});
