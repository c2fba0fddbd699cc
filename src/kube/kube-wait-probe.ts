/**
 * One look at whether a wait condition holds, and what to show if it never does (the pods and
 * events to explain on timeout). Used by the KubeClient's polling waits.
 */
import type { ApiextensionsV1Api, AppsV1Api, BatchV1Api, CoreV1Api } from '@kubernetes/client-node';
import type { WaitCondition } from '../plan/plan-types.ts';
import { apiStatusCode } from './kube-errors.ts';
import { labelSelectorOf } from './kube-pod-info.ts';
import {
  crdReadiness,
  daemonSetReadiness,
  deploymentReadiness,
  jobReadiness,
  nodeIsReady,
  podIsReady,
  type Readiness,
  statefulSetReadiness,
} from './kube-readiness.ts';

/** The API groups a probe reads. */
export interface WaitApis {
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  apiextensions: ApiextensionsV1Api;
}

/** Readiness now, plus what to explain on timeout. */
export interface WaitProbe {
  readiness: Readiness;
  /** Pods to explain on timeout. */
  pods?: { namespace: string; labelSelector: string } | undefined;
  /** Namespace and name prefix of events to show on timeout. */
  events?: { namespace: string; namePrefix: string } | undefined;
  /** Extra detail lines (e.g. not-ready nodes). */
  details?: string[] | undefined;
}

/** Reads the objects behind a condition once. */
export async function probeCondition(apis: WaitApis, condition: WaitCondition): Promise<WaitProbe> {
  switch (condition.type) {
    case 'nodes-ready': {
      const nodes = (await apis.core.listNode()).items;
      const notReady = nodes.filter((n) => !nodeIsReady(n));
      const ready = nodes.length - notReady.length;
      return {
        readiness: { done: ready >= condition.count, status: `${ready}/${condition.count} nodes Ready` },
        details: notReady.map((n) => {
          const c = n.status?.conditions?.find((x) => x.type === 'Ready');
          return `node ${n.metadata?.name}: ${c?.reason ?? 'NotReady'}${c?.message ? ` (${c.message})` : ''}`;
        }),
      };
    }
    case 'rollout': {
      const { namespace, name } = condition;
      const events = { namespace, namePrefix: name };
      const read = async () => {
        if (condition.workloadKind === 'Deployment') {
          const d = await apis.apps.readNamespacedDeployment({ name, namespace });
          return { readiness: deploymentReadiness(d), matchLabels: d.spec?.selector.matchLabels };
        }
        if (condition.workloadKind === 'DaemonSet') {
          const ds = await apis.apps.readNamespacedDaemonSet({ name, namespace });
          return { readiness: daemonSetReadiness(ds), matchLabels: ds.spec?.selector.matchLabels };
        }
        const ss = await apis.apps.readNamespacedStatefulSet({ name, namespace });
        return { readiness: statefulSetReadiness(ss), matchLabels: ss.spec?.selector.matchLabels };
      };
      try {
        const { readiness, matchLabels } = await read();
        return { readiness, pods: { namespace, labelSelector: labelSelectorOf(matchLabels) }, events };
      } catch (err) {
        if (apiStatusCode(err) === 404) return { readiness: { done: false, status: `${condition.workloadKind} not found yet` }, events };
        throw err;
      }
    }
    case 'pods-ready': {
      const pods = (await apis.core.listNamespacedPod({ namespace: condition.namespace, labelSelector: condition.labelSelector })).items;
      const running = pods.filter((p) => p.status?.phase !== 'Succeeded');
      const ready = running.filter(podIsReady).length;
      return {
        readiness: { done: running.length > 0 && ready === running.length, status: `${ready}/${running.length} pods ready` },
        pods: { namespace: condition.namespace, labelSelector: condition.labelSelector },
        events: { namespace: condition.namespace, namePrefix: '' },
      };
    }
    case 'job-complete': {
      const { namespace, name } = condition;
      const pods = { namespace, labelSelector: `job-name=${name}` };
      const events = { namespace, namePrefix: name };
      try {
        const job = await apis.batch.readNamespacedJob({ name, namespace });
        return { readiness: jobReadiness(job), pods, events };
      } catch (err) {
        if (apiStatusCode(err) === 404) return { readiness: { done: false, status: 'Job not found yet' }, pods, events };
        throw err;
      }
    }
    case 'crd-established': {
      try {
        const crd = await apis.apiextensions.readCustomResourceDefinition({ name: condition.name });
        return { readiness: crdReadiness(crd) };
      } catch (err) {
        if (apiStatusCode(err) === 404) return { readiness: { done: false, status: 'CRD not found yet' } };
        throw err;
      }
    }
  }
}
