import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { labelSelectorOf, toPodInfo } from '../../src/kube/kube-pod-info.ts';

describe('toPodInfo', () => {
  it('maps a pod, flagging native sidecars and summing restarts', () => {
    const pod: V1Pod = {
      metadata: { name: 'order-1', namespace: 'bench', labels: { app: 'order' }, deletionTimestamp: new Date() },
      spec: {
        nodeName: 'kind-worker',
        initContainers: [{ name: 'istio-init' }, { name: 'istio-proxy', restartPolicy: 'Always' }],
        containers: [{ name: 'order-service' }],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'order-service', restartCount: 2, ready: true, image: 'x', imageID: 'x' }],
        initContainerStatuses: [{ name: 'istio-proxy', restartCount: 1, ready: true, image: 'x', imageID: 'x' }],
      },
    };
    expect(toPodInfo(pod)).toEqual({
      namespace: 'bench',
      name: 'order-1',
      nodeName: 'kind-worker',
      phase: 'Running',
      labels: { app: 'order' },
      containers: ['order-service'],
      initContainers: [
        { name: 'istio-init', sidecar: false },
        { name: 'istio-proxy', sidecar: true },
      ],
      ready: true,
      restarts: 3,
      terminating: true,
    });
  });

  it('fills defaults for an empty pod', () => {
    expect(toPodInfo({})).toEqual({
      namespace: '',
      name: '',
      nodeName: null,
      phase: 'Unknown',
      labels: {},
      containers: [],
      initContainers: [],
      ready: false,
      restarts: 0,
      terminating: false,
    });
  });
});

describe('labelSelectorOf', () => {
  it('joins matchLabels as k=v pairs', () => {
    expect(labelSelectorOf({ app: 'order', tier: 'server' })).toBe('app=order,tier=server');
    expect(labelSelectorOf(undefined)).toBe('');
  });
});
