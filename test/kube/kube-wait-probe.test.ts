import { describe, expect, it } from 'vitest';
import { probeCondition, type WaitApis } from '../../src/kube/kube-wait-probe.ts';

const notFound = () => Object.assign(new Error('HTTP-Code: 404'), { code: 404, body: '{"message":"not found"}' });

/** WaitApis answering from plain objects; a missing object is an ApiException 404. */
function apis(objects: { nodes?: unknown[]; pods?: unknown[]; deployment?: unknown; daemonSet?: unknown; statefulSet?: unknown; job?: unknown; crd?: unknown }): WaitApis {
  const read = (o: unknown) => async () => {
    if (o === undefined) throw notFound();
    return o;
  };
  return {
    core: { listNode: async () => ({ items: objects.nodes ?? [] }), listNamespacedPod: async () => ({ items: objects.pods ?? [] }) },
    apps: { readNamespacedDeployment: read(objects.deployment), readNamespacedDaemonSet: read(objects.daemonSet), readNamespacedStatefulSet: read(objects.statefulSet) },
    batch: { readNamespacedJob: read(objects.job) },
    apiextensions: { readCustomResourceDefinition: read(objects.crd) },
  } as unknown as WaitApis;
}

const ready = (name: string) => ({ metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });

describe('probeCondition', () => {
  it('counts Ready nodes and explains the others', async () => {
    const probe = await probeCondition(
      apis({ nodes: [ready('cp'), { metadata: { name: 'w1' }, status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'cni not ready' }] } }] }),
      { type: 'nodes-ready', count: 2 },
    );
    expect(probe.readiness).toEqual({ done: false, status: '1/2 nodes Ready' });
    expect(probe.details).toEqual(['node w1: KubeletNotReady (cni not ready)']);
  });

  it('reads a rollout and points at its pods by the selector and at events by name', async () => {
    const deployment = { metadata: { generation: 1 }, spec: { replicas: 1, selector: { matchLabels: { app: 'order', tier: 'server' } } }, status: { observedGeneration: 1, updatedReplicas: 1, availableReplicas: 1, replicas: 1 } };
    const probe = await probeCondition(apis({ deployment }), { type: 'rollout', namespace: 'bench', workloadKind: 'Deployment', name: 'order' });
    expect(probe).toEqual({
      readiness: { done: true, status: '1/1 updated, 1/1 available' },
      pods: { namespace: 'bench', labelSelector: 'app=order,tier=server' },
      events: { namespace: 'bench', namePrefix: 'order' },
    });
  });

  it('reads DaemonSets and StatefulSets through their own calls', async () => {
    const daemonSet = { metadata: { generation: 1 }, spec: { selector: { matchLabels: { app: 'ztunnel' } } }, status: { observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 1 } };
    const ds = await probeCondition(apis({ daemonSet }), { type: 'rollout', namespace: 'istio-system', workloadKind: 'DaemonSet', name: 'ztunnel' });
    expect(ds.readiness.status).toBe('2/2 updated, 1/2 available');
    const statefulSet = { spec: { replicas: 1, selector: { matchLabels: { app: 'db' } } }, status: { readyReplicas: 1, updatedReplicas: 1 } };
    const ss = await probeCondition(apis({ statefulSet }), { type: 'rollout', namespace: 'n', workloadKind: 'StatefulSet', name: 'db' });
    expect(ss.readiness.done).toBe(true);
    expect(ss.pods?.labelSelector).toBe('app=db');
  });

  it('treats a workload, Job or CRD not created yet as not ready rather than an error', async () => {
    const rollout = await probeCondition(apis({}), { type: 'rollout', namespace: 'bench', workloadKind: 'Deployment', name: 'order' });
    expect(rollout.readiness).toEqual({ done: false, status: 'Deployment not found yet' });
    expect(rollout.pods).toBeUndefined();
    const job = await probeCondition(apis({}), { type: 'job-complete', namespace: 'bench', name: 'agent-0' });
    expect(job).toEqual({
      readiness: { done: false, status: 'Job not found yet' },
      pods: { namespace: 'bench', labelSelector: 'job-name=agent-0' },
      events: { namespace: 'bench', namePrefix: 'agent-0' },
    });
    expect((await probeCondition(apis({}), { type: 'crd-established', name: 'x.io' })).readiness).toEqual({ done: false, status: 'CRD not found yet' });
  });

  it('passes other API errors on', async () => {
    const failing = apis({});
    (failing.batch as unknown as { readNamespacedJob: () => Promise<never> }).readNamespacedJob = async () => {
      throw Object.assign(new Error('HTTP-Code: 403'), { code: 403 });
    };
    await expect(probeCondition(failing, { type: 'job-complete', namespace: 'bench', name: 'a' })).rejects.toMatchObject({ code: 403 });
  });

  it('counts ready pods, ignoring completed ones, and needs at least one', async () => {
    const cond = { type: 'pods-ready', namespace: 'bench', labelSelector: 'app=x' } as const;
    expect((await probeCondition(apis({ pods: [] }), cond)).readiness).toEqual({ done: false, status: '0/0 pods ready' });
    const pods = [ready('a'), { metadata: { name: 'b' }, status: { phase: 'Succeeded' } }, { metadata: { name: 'c' }, status: { phase: 'Running' } }];
    const probe = await probeCondition(apis({ pods }), cond);
    expect(probe.readiness).toEqual({ done: false, status: '1/2 pods ready' });
    expect(probe.events).toEqual({ namespace: 'bench', namePrefix: '' });
    expect((await probeCondition(apis({ pods: pods.slice(0, 2) }), cond)).readiness.done).toBe(true);
  });

  it('reports a Job that completed, and a CRD that is Established', async () => {
    const job = { status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } };
    expect((await probeCondition(apis({ job }), { type: 'job-complete', namespace: 'n', name: 'j' })).readiness.done).toBe(true);
    const crd = { status: { conditions: [{ type: 'Established', status: 'True' }] } };
    expect((await probeCondition(apis({ crd }), { type: 'crd-established', name: 'x.io' })).readiness.done).toBe(true);
  });
});
