/**
 * How the arms of one `bench run --arms …` share the hardware (recorded as `batch.method`), and
 * what each arm's Kubernetes plan needs for it (docs/arms-on-shared-hardware.md):
 * - `same-host`: local platform, every arm's processes on this machine;
 * - `shared-cluster`: the mesh runs two versions side by side (Istio sidecar revisions): one
 *   cluster, one control-plane revision and one enrolled namespace per arm, all on the same
 *   nodes. The first arm provisions the cluster and deletes it; the others join it;
 * - `alternating-clusters`: the mesh cannot (ambient's ztunnel is one per node, Linkerd and
 *   Cilium upgrade in place): one kind cluster per arm, all kept alive, the measurement
 *   alternating between them per repetition (ABBA).
 */
import type { PlatformName, Target } from '../config/target-schema.ts';
import { HarnessError } from '../errors.ts';
import { meshModuleFor } from '../mesh/mesh-registry.ts';

export type ArmsMethod = 'same-host' | 'shared-cluster' | 'alternating-clusters';

/** The method for a batch of `armCount` arms (a single run is `same-host` locally, else `alternating-clusters` trivially). */
export function armsMethod(options: { target: Target; platform: PlatformName; armCount: number; featureMatrix?: boolean; idleSweep?: boolean | undefined }): ArmsMethod {
  const { target, platform } = options;
  if (platform === 'local') return 'same-host';
  // The idle Services of one arm would be in every other arm's proxies' configuration: one
  // cluster per count (docs/topology.md).
  if (options.idleSweep && options.armCount > 1) {
    if (platform === 'existing') {
      throw new HarnessError('USAGE', 'an idle-services sweep needs one cluster per count; an existing cluster is one cluster', {
        hint: 'use --platform kind, or run one count per run (workload.idleServices: N) on the existing cluster',
      });
    }
    return 'alternating-clusters';
  }
  // A feature matrix: one cluster, one installation and workload, the feature resources switched per arm.
  if (options.featureMatrix) return 'shared-cluster';
  const coexisting = meshModuleFor(target.mesh).coexistingVersions?.(target) ?? false;
  if (coexisting) return 'shared-cluster';
  if (platform === 'existing' && options.armCount > 1) {
    throw new HarnessError('USAGE', `--arms on an existing cluster needs a mesh that runs two versions side by side; ${target.name} (${target.mesh.name}) upgrades in place`, {
      hint: 'use --platform kind (one cluster per arm, alternating per repetition), or the istio-sidecar target (revisions)',
    });
  }
  return 'alternating-clusters';
}

/** Per arm on a shared cluster: its control-plane revision (from the arm's mesh version). */
export function armRevision(options: { target: Target; method: ArmsMethod; meshVersion: string | null; armCount: number; featureMatrix?: boolean }): string | null {
  const { method, meshVersion } = options;
  if (method !== 'shared-cluster' || options.armCount < 2 || options.featureMatrix) return null;
  if (!meshVersion) throw new HarnessError('USAGE', 'shared-cluster arms need a mesh version per arm');
  const revisionName = meshModuleFor(options.target.mesh).revisionName;
  if (!revisionName) throw new HarnessError('INTERNAL', `mesh ${options.target.mesh.name} runs versions side by side but names no revisions`);
  return revisionName(meshVersion);
}

/** Refuses shared-cluster arms that cannot work: distinct revisions, and on an existing cluster --install-mesh. */
export function checkSharedCluster(options: { method: ArmsMethod; platform: PlatformName; installMesh: boolean; revisions: (string | null)[] }): void {
  // No revisions: the arms share one control plane (a feature matrix).
  if (options.method !== 'shared-cluster' || options.revisions.length < 2 || options.revisions.every((r) => r === null)) return;
  if (new Set(options.revisions).size !== options.revisions.length) {
    throw new HarnessError('USAGE', `arms ${options.revisions.join(', ')} map to the same control-plane revision`, { hint: 'give each arm a different mesh version' });
  }
  if (options.platform === 'existing' && !options.installMesh) {
    throw new HarnessError('USAGE', '--arms on an existing cluster installs one control-plane revision per arm: add --install-mesh', {
      hint: 'the revisions are installed next to whatever runs there; each arm enrols only its own namespace',
    });
  }
}
