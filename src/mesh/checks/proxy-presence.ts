/**
 * "Every workload pod carries its proxy": the sidecar container is looked up under `containers`
 * and under `initContainers` (native sidecars: Istio ≥1.27 and Linkerd 2.20 on Kubernetes ≥1.33
 * inject the proxy as an init container with `restartPolicy: Always`).
 */
import type { PodInfo } from '../../kube/kube-client.ts';
import type { VerificationCheck } from '../../results/result-schema.ts';
import type { CheckFunction } from '../mesh.ts';

/** Where a pod carries the proxy container, or null when it does not. */
export function proxyPlacement(pod: PodInfo, container: string): 'container' | 'native-sidecar' | null {
  if (pod.containers.includes(container)) return 'container';
  if (pod.initContainers.some((c) => c.name === container && c.sidecar)) return 'native-sidecar';
  return null;
}

/** Pods that count as workload: running or pending (finished Job pods are ignored). */
export function activePods(pods: PodInfo[]): PodInfo[] {
  return pods.filter((p) => p.phase !== 'Succeeded' && p.phase !== 'Failed');
}

/** Judges proxy presence over the pods of a namespace (pure). */
export function evaluateProxyPresence(options: { name: string; pods: PodInfo[]; container: string }): VerificationCheck {
  const pods = activePods(options.pods);
  const evidence: string[] = [];
  let missing = 0;
  for (const pod of pods) {
    const placement = proxyPlacement(pod, options.container);
    if (placement === null) missing++;
    const where = placement === 'container' ? 'in containers' : placement === 'native-sidecar' ? 'as native sidecar (initContainers)' : 'MISSING';
    evidence.push(`${pod.name} (${pod.nodeName ?? 'unscheduled'}): ${options.container} ${where}`);
  }
  if (pods.length === 0) evidence.push('no workload pods found');
  return { name: options.name, passed: pods.length > 0 && missing === 0, evidence };
}

/** Check function: params `{ namespace, container, labelSelector? }`. */
export function proxyPresenceCheck(name: string): CheckFunction {
  return async (params, runtime) => {
    const namespace = String(params['namespace']);
    const container = String(params['container']);
    const selector = typeof params['labelSelector'] === 'string' ? params['labelSelector'] : undefined;
    const pods = await runtime.kube.listPods(namespace, selector);
    return evaluateProxyPresence({ name, pods, container });
  };
}
