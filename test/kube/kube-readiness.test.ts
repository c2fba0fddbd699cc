import type { V1ContainerState } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  crdReadiness,
  daemonSetReadiness,
  deploymentReadiness,
  jobReadiness,
  nodeIsReady,
  podIsReady,
  podStateSummary,
  statefulSetReadiness,
} from '../../src/kube/kube-readiness.ts';

describe('deploymentReadiness', () => {
  it('waits for the controller to observe a new generation', () => {
    expect(deploymentReadiness({ metadata: { generation: 2 }, spec: { replicas: 1 } as never, status: { observedGeneration: 1, updatedReplicas: 1, availableReplicas: 1, replicas: 1 } })).toEqual({
      done: false,
      status: 'waiting for the controller to observe the new spec',
    });
  });

  it('is done when all replicas are updated and available and no old ones remain', () => {
    const spec = { replicas: 2 } as never;
    expect(deploymentReadiness({ metadata: { generation: 1 }, spec, status: { observedGeneration: 1, updatedReplicas: 2, availableReplicas: 2, replicas: 2 } }).done).toBe(true);
    const rolling = deploymentReadiness({ metadata: { generation: 1 }, spec, status: { observedGeneration: 1, updatedReplicas: 2, availableReplicas: 2, replicas: 3 } });
    expect(rolling).toEqual({ done: false, status: '2/2 updated, 2/2 available' });
    expect(deploymentReadiness({ metadata: { generation: 1 }, spec, status: { observedGeneration: 1, updatedReplicas: 2, availableReplicas: 1, replicas: 2 } }).done).toBe(false);
  });

  it('fails when the progress deadline is exceeded', () => {
    const r = deploymentReadiness({
      metadata: { generation: 1 },
      status: { observedGeneration: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "x" has timed out progressing.' }] },
    });
    expect(r).toEqual({ done: false, failed: 'progress deadline exceeded: ReplicaSet "x" has timed out progressing.', status: 'progress deadline exceeded' });
  });
});

describe('daemonSetReadiness', () => {
  it('needs a status and every scheduled pod updated and available', () => {
    expect(daemonSetReadiness({})).toEqual({ done: false, status: 'no status yet' });
    const s = { currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, observedGeneration: 1 };
    expect(daemonSetReadiness({ metadata: { generation: 1 }, status: { ...s, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 } }).done).toBe(true);
    expect(daemonSetReadiness({ metadata: { generation: 1 }, status: { ...s, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 } })).toEqual({
      done: false,
      status: '3/3 updated, 2/3 available',
    });
    // A DaemonSet that schedules nothing is not a finished rollout.
    expect(daemonSetReadiness({ metadata: { generation: 1 }, status: { ...s, desiredNumberScheduled: 0, updatedNumberScheduled: 0, numberAvailable: 0 } }).done).toBe(false);
  });
});

describe('statefulSetReadiness', () => {
  const spec = { replicas: 1, selector: {}, serviceName: 's', template: {} } as never;
  it('needs ready, updated replicas on the update revision', () => {
    expect(statefulSetReadiness({ spec })).toEqual({ done: false, status: 'no status yet' });
    expect(statefulSetReadiness({ spec, status: { replicas: 1, readyReplicas: 1, updatedReplicas: 1, currentRevision: 'a', updateRevision: 'a' } }).done).toBe(true);
    expect(statefulSetReadiness({ spec, status: { replicas: 1, readyReplicas: 1, updatedReplicas: 1, currentRevision: 'a', updateRevision: 'b' } }).done).toBe(false);
    expect(statefulSetReadiness({ spec, status: { replicas: 1, readyReplicas: 0, updatedReplicas: 1 } })).toEqual({ done: false, status: '0/1 ready, 1/1 updated' });
  });
});

describe('jobReadiness', () => {
  it('is done on Complete, failed on Failed, and counts pods', () => {
    expect(jobReadiness({ status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } })).toEqual({ done: true, status: '0 active, 1 succeeded, 0 failed' });
    expect(jobReadiness({ status: { active: 1 } })).toEqual({ done: false, status: '1 active, 0 succeeded, 0 failed' });
    expect(jobReadiness({ status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }] } })).toEqual({
      done: false,
      failed: 'DeadlineExceeded: Job was active longer than specified deadline',
      status: '0 active, 0 succeeded, 1 failed',
    });
  });
});

describe('node, pod and CRD conditions', () => {
  it('reads the Ready and Established conditions', () => {
    expect(nodeIsReady({ status: { conditions: [{ type: 'Ready', status: 'True' }] } })).toBe(true);
    expect(nodeIsReady({ status: { conditions: [{ type: 'Ready', status: 'False' }] } })).toBe(false);
    expect(nodeIsReady({})).toBe(false);
    expect(podIsReady({ status: { conditions: [{ type: 'Ready', status: 'True' }] } })).toBe(true);
    expect(crdReadiness({ spec: {} as never, status: { conditions: [{ type: 'Established', status: 'True' }] } as never })).toEqual({ done: true, status: 'Established' });
    expect(crdReadiness({ spec: {} as never })).toEqual({ done: false, status: 'not Established yet' });
  });
});

describe('podStateSummary', () => {
  const cs = (name: string, state: V1ContainerState, ready = false) => ({ name, state, ready, restartCount: 0, image: 'i', imageID: 'i' });

  it('names the first waiting container, init containers first', () => {
    expect(
      podStateSummary({
        status: {
          phase: 'Pending',
          initContainerStatuses: [cs('istio-proxy', { waiting: { reason: 'ErrImageNeverPull', message: 'not present' } })],
          containerStatuses: [cs('app', { waiting: { reason: 'PodInitializing' } })],
        },
      }),
    ).toBe('Pending: container istio-proxy ErrImageNeverPull (not present)');
  });

  it('names a container that exited non-zero', () => {
    expect(podStateSummary({ status: { phase: 'Running', containerStatuses: [cs('app', { terminated: { exitCode: 137, reason: 'OOMKilled' } })] } })).toBe(
      'Running: container app exited 137 (OOMKilled)',
    );
  });

  it('reports an unschedulable pod with the scheduler message', () => {
    expect(podStateSummary({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', message: '0/3 nodes are available' }] } })).toBe(
      'Pending: unschedulable (0/3 nodes are available)',
    );
  });

  it('lists containers not ready, or just the phase', () => {
    expect(podStateSummary({ status: { phase: 'Running', containerStatuses: [cs('a', { running: {} }, true), cs('b', { running: {} })] } })).toBe('Running: containers not ready: b');
    expect(podStateSummary({ status: { phase: 'Running', containerStatuses: [cs('a', { running: {} }, true)] } })).toBe('Running');
    expect(podStateSummary({})).toBe('Unknown');
  });
});
