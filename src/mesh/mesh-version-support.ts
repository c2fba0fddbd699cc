/**
 * Is a mesh version one the recorded compatibility data knows, and does it support the Kubernetes
 * minor of the kind node image? Checked while planning (before any cluster exists), for the
 * target's pin and for --mesh-version alike. The data and its sources: src/config/release-pins.ts,
 * docs/pins.md.
 */
import {
  type MeshReleaseLine,
  MESH_RELEASE_LINES,
  kubernetesRangeText,
  meshReleaseLine,
  nodeImageKubernetesMinor,
  supportsKubernetes,
} from '../config/release-pins.ts';
import type { PlatformName, Target } from '../config/target-schema.ts';
import { HarnessError } from '../errors.ts';

type MeshName = MeshReleaseLine['mesh'];

function isRecordedMesh(name: string): name is MeshName {
  return name === 'istio' || name === 'linkerd' || name === 'cilium';
}

/**
 * The release line of the version to install, after checking it: unknown lines and (on kind) a
 * node Kubernetes minor outside the line's range are USAGE errors naming the supported range.
 * Returns null for targets without a recorded mesh (baseline, local targets).
 */
export function checkMeshVersionSupported(options: { target: Target; meshVersion: string | null; platform: PlatformName }): MeshReleaseLine | null {
  const mesh = options.target.mesh;
  if (!isRecordedMesh(mesh.name) || !('version' in mesh)) return null;
  const version = options.meshVersion ?? String(mesh.version);
  const line = meshReleaseLine(mesh.name, version);
  if (!line) {
    const known = MESH_RELEASE_LINES.filter((l) => l.mesh === mesh.name).map((l) => `${l.line} (${l.latest}, ${kubernetesRangeText(l)})`);
    throw new HarnessError('USAGE', `${mesh.name} ${version} is not a release line this harness has compatibility data for`, {
      hint: `known ${mesh.name} lines: ${known.join('; ')}; add the line to src/config/release-pins.ts with its upstream sources (docs/pins.md)`,
    });
  }
  if (options.platform === 'kind') {
    const minor = nodeImageKubernetesMinor(options.target.cluster.nodeImage);
    if (minor && !supportsKubernetes(line, minor)) {
      throw new HarnessError('USAGE', `${mesh.name} ${version} supports ${kubernetesRangeText(line)}, but the kind node image runs Kubernetes ${minor}`, {
        hint: `pick a ${mesh.name} release whose range includes ${minor}, or set cluster.nodeImage to a node image inside ${kubernetesRangeText(line)} (source: ${line.kubernetes.source})`,
      });
    }
  }
  return line;
}
