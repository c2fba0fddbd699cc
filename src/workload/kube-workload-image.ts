/**
 * The one container image of the workload: a stock Node image pinned by digest, running the
 * project's own bundled JavaScript from ConfigMaps (no image build, no registry push).
 *
 * kind cannot load an image so that pods find it by digest: `docker save` of `repo@sha256:…`
 * carries no repo digest, the node's containerd stores it under an `import-…` name, and a pod that
 * names the digest pulls it again (kubernetes-sigs/kind#2394, #4028). So on kind the digest-pinned
 * image is pulled by digest, tagged locally with a tag that embeds the digest, loaded under that
 * tag, and pods use the tag with `imagePullPolicy: Never`: the exact bytes of the digest, never a
 * pull during a run, and a loud ErrImageNeverPull if the preload was missed.
 */
import type { PlatformName } from '../config/target-schema.ts';

/** node:22.20.0-alpine (index digest), the runtime of the order-service and the load agent. */
export const WORKLOAD_IMAGE = 'node:22.20.0-alpine@sha256:cb3143549582cc5f74f26f0992cdef4a422b22128cb517f94173a5f910fa4ee7';

/** Numeric uid/gid of the image's `node` user (runAsNonRoot needs a number to verify). */
export const WORKLOAD_UID = 1000;

/** The local tag the digest-pinned image is loaded into kind under. */
export function kindLocalImageTag(image = WORKLOAD_IMAGE): string {
  const [nameTag = image, digest = ''] = image.split('@sha256:');
  const lastSlash = nameTag.lastIndexOf('/');
  const colon = nameTag.indexOf(':', lastSlash + 1);
  const repo = colon >= 0 ? nameTag.slice(0, colon) : nameTag;
  const tag = colon >= 0 ? nameTag.slice(colon + 1) : 'untagged';
  const baseName = repo.slice(repo.lastIndexOf('/') + 1);
  return `meshbench.local/${baseName}:${tag}-sha256-${digest.slice(0, 12)}`;
}

/** Image reference and pull policy of workload pods on a platform. */
export interface WorkloadImage {
  image: string;
  imagePullPolicy: 'Never' | 'IfNotPresent';
}

/** kind: the preloaded local tag, never pulled; existing: the digest, pulled once per node. */
export function workloadImageFor(platform: PlatformName): WorkloadImage {
  return platform === 'kind'
    ? { image: kindLocalImageTag(), imagePullPolicy: 'Never' }
    : { image: WORKLOAD_IMAGE, imagePullPolicy: 'IfNotPresent' };
}
