/** Maps client-node pod objects to the harness's PodInfo (pure). */
import type { V1Pod } from '@kubernetes/client-node';
import type { PodInfo } from './kube-client.ts';
import { podIsReady } from './kube-readiness.ts';

/** A PodInfo from a V1Pod; native sidecars are init containers with `restartPolicy: Always`. */
export function toPodInfo(pod: V1Pod): PodInfo {
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    nodeName: pod.spec?.nodeName ?? null,
    phase: pod.status?.phase ?? 'Unknown',
    labels: pod.metadata?.labels ?? {},
    containers: (pod.spec?.containers ?? []).map((c) => c.name),
    initContainers: (pod.spec?.initContainers ?? []).map((c) => ({ name: c.name, sidecar: c.restartPolicy === 'Always' })),
    ready: podIsReady(pod),
    restarts: [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].reduce((n, c) => n + (c.restartCount ?? 0), 0),
    terminating: Boolean(pod.metadata?.deletionTimestamp),
  };
}

/** `a=b,c=d` from a matchLabels map. */
export function labelSelectorOf(matchLabels: Record<string, string> | undefined): string {
  return Object.entries(matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
