/**
 * Names on the kind platform (pure). Every cluster the harness creates is called
 * `meshbench-<target>-<id>` so `bench clusters prune` can tell its leftovers from the user's own.
 */
import { shortRunId } from '../kube-common/short-run-id.ts';

/** Prefix of every cluster meshbench creates. */
export const KIND_CLUSTER_PREFIX = 'meshbench-';

/**
 * Longest cluster name: kind names node containers `<cluster>-control-plane` and uses them as
 * hostnames, which must stay within 63 characters.
 */
export const MAX_KIND_CLUSTER_NAME = 63 - '-control-plane'.length;

/** `meshbench-<target>-<id>`, the target part shortened to fit kind's limits. */
export function kindClusterName(targetName: string, runId: string): string {
  const id = shortRunId(runId);
  const room = MAX_KIND_CLUSTER_NAME - KIND_CLUSTER_PREFIX.length - id.length - 1;
  const target = targetName.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, room).replace(/-+$/, '');
  return `${KIND_CLUSTER_PREFIX}${target}-${id}`;
}

/** kind's node names: `<cluster>-control-plane`, `<cluster>-worker`, `<cluster>-worker2`, … */
export function kindNodeNames(clusterName: string, workers: number): { controlPlane: string; workers: string[] } {
  return {
    controlPlane: `${clusterName}-control-plane`,
    workers: Array.from({ length: workers }, (_, i) => `${clusterName}-worker${i === 0 ? '' : i + 1}`),
  };
}

/** True for names meshbench created. */
export function isMeshbenchCluster(name: string): boolean {
  return name.startsWith(KIND_CLUSTER_PREFIX);
}
