/** Maps a target's mesh name to its module. */
import type { MeshSpec } from '../config/target-schema.ts';
import { HarnessError } from '../errors.ts';
import type { MeshModule } from './mesh.ts';
import { ciliumMesh } from './cilium/index.ts';
import { CILIUM_CLI_VERSION } from './cilium/versions.ts';
import { istioMesh } from './istio/index.ts';
import { ISTIO_PINNED_VERSION } from './istio/versions.ts';
import { linkerdMesh } from './linkerd/index.ts';
import { LINKERD_PINNED_VERSION } from './linkerd/versions.ts';
import { noMesh } from './none/index.ts';

const MODULES: Partial<Record<MeshSpec['name'], MeshModule>> = {
  none: noMesh,
  istio: istioMesh,
  linkerd: linkerdMesh,
  cilium: ciliumMesh,
};

export function meshModuleFor(mesh: MeshSpec): MeshModule {
  const module = MODULES[mesh.name];
  if (!module) {
    throw new HarnessError('USAGE', `mesh "${mesh.name}" cannot run on Kubernetes platforms`, {
      hint: mesh.name === 'haproxy' ? 'the haproxy sidecar pair is a local-platform target: use --platform local' : undefined,
    });
  }
  return module;
}

/** The pinned version of each mesh's CLI (what `bench tools install` fetches by default). */
export const MESH_CLI_PINS = {
  istioctl: ISTIO_PINNED_VERSION,
  linkerd: LINKERD_PINNED_VERSION,
  cilium: CILIUM_CLI_VERSION,
} as const;
