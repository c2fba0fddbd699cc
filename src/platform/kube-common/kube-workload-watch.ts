/**
 * Component failures on a Kubernetes platform (kind, existing): the order-service pods of the
 * run as they were when the measurement began, compared with what the API server reports now.
 * A pod that restarted a container (restartCount rose: a crash, an OOM kill, a failed liveness
 * probe — its sidecar proxy included), that is being deleted, that left the Running phase or that
 * is gone broke the data path: the measurement loop marks the repetition invalid and ends the
 * run. A load agent Job that fails is already an error of the agent runner
 * (load/kube-agent-runner.ts). Cost: one pod list per repetition.
 */
import type { KubeClient, PodInfo } from '../../kube/kube-client.ts';
import { APP_CONTAINER, TIER_LABEL } from '../../workload/kube-labels.ts';
import type { ComponentFailure } from '../measurement-backend.ts';

/** Lines of the pod's log shown in the error. */
const LOG_TAIL_LINES = 20;

/** Watches the run's server pods; `check()` takes the baseline on its first call. */
export class KubeWorkloadWatch {
  private readonly kube: KubeClient;
  private readonly namespace: string;
  private baseline: Map<string, PodInfo> | null = null;

  constructor(options: { kube: KubeClient; namespace: string }) {
    this.kube = options.kube;
    this.namespace = options.namespace;
  }

  private async serverPods(): Promise<PodInfo[]> {
    return this.kube.listPods(this.namespace, `${TIER_LABEL}=server`);
  }

  async check(): Promise<ComponentFailure | null> {
    const pods = await this.serverPods();
    if (!this.baseline) {
      this.baseline = new Map(pods.map((p) => [p.name, p]));
      return null;
    }
    const now = new Map(pods.map((p) => [p.name, p]));
    for (const [name, before] of this.baseline) {
      const pod = now.get(name);
      let how: string | null = null;
      if (!pod) how = 'is gone (deleted or evicted)';
      else if ((pod.restarts ?? 0) > (before.restarts ?? 0)) how = `restarted (restartCount ${before.restarts ?? 0} → ${pod.restarts ?? 0})`;
      else if (pod.terminating) how = 'is being deleted';
      else if (pod.phase !== 'Running') how = `is ${pod.phase}`;
      if (how) {
        const log = pod ? await this.kube.podLogs(this.namespace, name, APP_CONTAINER).catch(() => '') : '';
        return {
          component: `pod ${this.namespace}/${name} (${before.containers.join(', ')})`,
          pid: null,
          how,
          outputTail: log.split('\n').filter((l) => l.trim()).slice(-LOG_TAIL_LINES),
        };
      }
    }
    return null;
  }
}
