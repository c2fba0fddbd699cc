/**
 * Readiness of Kubernetes objects, decided from their status the way kubectl does (pure): rollout
 * of Deployments, DaemonSets and StatefulSets (`kubectl rollout status`), Job completion, node and
 * pod Ready conditions, CRD Established. Each check says whether it is done, whether it can never
 * become done (a failed Job), and a one-line status for progress and timeout messages.
 */
import type {
  V1CustomResourceDefinition,
  V1DaemonSet,
  V1Deployment,
  V1Job,
  V1Node,
  V1Pod,
  V1StatefulSet,
} from '@kubernetes/client-node';

/** Outcome of one readiness evaluation. */
export interface Readiness {
  done: boolean;
  /** Set when the object can no longer become ready (e.g. a failed Job). */
  failed?: string | undefined;
  /** Human-readable state, e.g. `0/1 replicas available`. */
  status: string;
}

function conditionTrue(conditions: { type: string; status: string }[] | undefined, type: string): boolean {
  return conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

/** `kubectl rollout status deployment` semantics. */
export function deploymentReadiness(d: V1Deployment): Readiness {
  const desired = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  const generation = d.metadata?.generation ?? 0;
  if ((s.observedGeneration ?? 0) < generation) return { done: false, status: 'waiting for the controller to observe the new spec' };
  const progressing = s.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { done: false, failed: `progress deadline exceeded: ${progressing.message ?? ''}`.trim(), status: 'progress deadline exceeded' };
  }
  const updated = s.updatedReplicas ?? 0;
  const available = s.availableReplicas ?? 0;
  const total = s.replicas ?? 0;
  const status = `${updated}/${desired} updated, ${available}/${desired} available`;
  return { done: updated >= desired && total <= updated && available >= desired, status };
}

/** `kubectl rollout status daemonset` semantics. */
export function daemonSetReadiness(ds: V1DaemonSet): Readiness {
  const s = ds.status;
  if (!s) return { done: false, status: 'no status yet' };
  const generation = ds.metadata?.generation ?? 0;
  if ((s.observedGeneration ?? 0) < generation) return { done: false, status: 'waiting for the controller to observe the new spec' };
  const desired = s.desiredNumberScheduled;
  const updated = s.updatedNumberScheduled ?? 0;
  const available = s.numberAvailable ?? 0;
  const status = `${updated}/${desired} updated, ${available}/${desired} available`;
  return { done: desired > 0 && updated >= desired && available >= desired, status };
}

/** `kubectl rollout status statefulset` semantics (RollingUpdate). */
export function statefulSetReadiness(ss: V1StatefulSet): Readiness {
  const s = ss.status;
  const desired = ss.spec?.replicas ?? 1;
  if (!s) return { done: false, status: 'no status yet' };
  const generation = ss.metadata?.generation ?? 0;
  if ((s.observedGeneration ?? 0) < generation) return { done: false, status: 'waiting for the controller to observe the new spec' };
  const ready = s.readyReplicas ?? 0;
  const updated = s.updatedReplicas ?? 0;
  const revisionDone = !s.updateRevision || s.currentRevision === s.updateRevision;
  return { done: ready >= desired && updated >= desired && revisionDone, status: `${ready}/${desired} ready, ${updated}/${desired} updated` };
}

/** A Job is done when Complete; it failed when the Failed condition is set (backoffLimit reached). */
export function jobReadiness(job: V1Job): Readiness {
  const conditions = job.status?.conditions ?? [];
  const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
  const s = job.status ?? {};
  const status = `${s.active ?? 0} active, ${s.succeeded ?? 0} succeeded, ${s.failed ?? 0} failed`;
  if (failed) return { done: false, failed: `${failed.reason ?? 'Failed'}: ${failed.message ?? 'the Job failed'}`, status };
  return { done: conditionTrue(conditions, 'Complete'), status };
}

/** Ready condition of a node. */
export function nodeIsReady(node: V1Node): boolean {
  return conditionTrue(node.status?.conditions, 'Ready');
}

/** Ready condition of a pod. */
export function podIsReady(pod: V1Pod): boolean {
  return conditionTrue(pod.status?.conditions, 'Ready');
}

/** CRD Established condition. */
export function crdReadiness(crd: V1CustomResourceDefinition): Readiness {
  const established = conditionTrue(crd.status?.conditions, 'Established');
  return { done: established, status: established ? 'Established' : 'not Established yet' };
}

/**
 * Why a pod is not ready, in kubectl's words: phase plus the first waiting/terminated reason of
 * its init and regular containers (`Pending: ErrImageNeverPull`, `Running: CrashLoopBackOff`).
 */
export function podStateSummary(pod: V1Pod): string {
  const phase = pod.status?.phase ?? 'Unknown';
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const cs of statuses) {
    const waiting = cs.state?.waiting;
    if (waiting?.reason) return `${phase}: container ${cs.name} ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}`;
    const terminated = cs.state?.terminated;
    if (terminated && terminated.exitCode !== 0) {
      return `${phase}: container ${cs.name} exited ${terminated.exitCode}${terminated.reason ? ` (${terminated.reason})` : ''}`;
    }
  }
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled && scheduled.status !== 'True') return `${phase}: unschedulable${scheduled.message ? ` (${scheduled.message})` : ''}`;
  const notReady = statuses.filter((cs) => !cs.ready).map((cs) => cs.name);
  return notReady.length ? `${phase}: containers not ready: ${notReady.join(', ')}` : phase;
}
