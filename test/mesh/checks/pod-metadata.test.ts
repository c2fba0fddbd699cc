import { describe, expect, it } from 'vitest';
import { listPodMetadata, parsePodList } from '../../../src/mesh/checks/pod-metadata.ts';
import { FakeKubeClient, fakePod } from '../../helpers/fake-kube-client.ts';

describe('parsePodList', () => {
  it('keeps name, node, phase, labels and annotations, with defaults for what is absent', () => {
    expect(
      parsePodList({
        kind: 'PodList',
        items: [
          { metadata: { name: 'a', labels: { app: 'x' }, annotations: { 'ambient.istio.io/redirection': 'enabled' } }, spec: { nodeName: 'w1' }, status: { phase: 'Running' } },
          { metadata: { name: 'b' } },
        ],
      }),
    ).toEqual([
      { name: 'a', nodeName: 'w1', phase: 'Running', labels: { app: 'x' }, annotations: { 'ambient.istio.io/redirection': 'enabled' } },
      { name: 'b', nodeName: null, phase: 'Unknown', labels: {}, annotations: {} },
    ]);
  });

  it('refuses something that is not a pod list', () => {
    expect(() => parsePodList({ items: [{ metadata: {} }] })).toThrow();
    expect(() => parsePodList(null)).toThrow();
  });
});

describe('listPodMetadata', () => {
  it('reads the namespace\'s raw pod list', async () => {
    const kube = new FakeKubeClient();
    kube.pods = [fakePod({ namespace: 'bench', name: 'order-1', labels: { app: 'order' } }), fakePod({ namespace: 'other', name: 'x' })];
    kube.annotations.set('bench/order-1', { a: 'b' });
    expect(await listPodMetadata(kube, 'bench')).toEqual([{ name: 'order-1', nodeName: 'bench-worker', phase: 'Running', labels: { app: 'order' }, annotations: { a: 'b' } }]);
  });
});
