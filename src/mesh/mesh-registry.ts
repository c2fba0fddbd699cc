/** Maps a target's mesh name to its module. */
import type { MeshSpec } from '../config/target-schema.ts';
import { HarnessError } from '../errors.ts';
import type { MeshModule } from './mesh.ts';
import { ciliumMesh } from './cilium/index.ts';
import { istioMesh } from './istio/index.ts';
import { linkerdMesh } from './linkerd/index.ts';
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
