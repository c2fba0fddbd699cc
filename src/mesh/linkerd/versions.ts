/**
 * Linkerd versions: open-source Linkerd ships edge releases (`edge-YY.M.N`); the pin is the newest
 * edge release recorded (docs/pins.md). From 2.19 (edge-25.10) the CRD chart no longer
 * bundles the Gateway API CRDs and `linkerd install --crds` fails without them (docs/pins.md), so the
 * plan installs them first; older edges bundle Gateway API 1.1.1 and must not get a second copy.
 */
import { HarnessError } from '../../errors.ts';
import { MESH_PINS } from '../../config/release-pins.ts';
import type { LinkerdMeshSpec } from '../../config/target-schema.ts';

/** The newest edge release recorded (Linkerd 2.20's line). */
export const LINKERD_PINNED_VERSION: string = MESH_PINS.linkerd;

/** The first edge of Linkerd 2.20, whose proxy is a native sidecar by default. */
export const LINKERD_FIRST_NATIVE_SIDECAR_EDGE = 'edge-26.6.3';

/** First edge (2.19's release line) whose CRD chart no longer installs the Gateway API CRDs. */
export const LINKERD_FIRST_EDGE_WITHOUT_BUNDLED_GATEWAY_API = 'edge-25.10.0';

/** `edge-26.6.3` → [26, 6, 3]. */
export function parseEdgeVersion(version: string): [number, number, number] {
  const match = /^edge-(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new HarnessError('USAGE', `"${version}" is not a Linkerd edge release`, { hint: 'use a release such as edge-26.6.3' });
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Negative, zero or positive as a is older than, equal to or newer than b. */
export function compareEdgeVersions(a: string, b: string): number {
  const [x, y] = [parseEdgeVersion(a), parseEdgeVersion(b)];
  for (let i = 0; i < 3; i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export interface LinkerdVersionPlan {
  version: string;
  overridden: boolean;
  /** Gateway API release to install first, or null when the Linkerd CRD chart bundles it. */
  gatewayApiVersion: string | null;
}

/** Resolves the edge release to install and whether the plan installs Gateway API itself. */
export function resolveLinkerdVersion(options: { spec: LinkerdMeshSpec; meshVersion: string | null }): LinkerdVersionPlan {
  const version = options.meshVersion ?? options.spec.version;
  const bundles = compareEdgeVersions(version, LINKERD_FIRST_EDGE_WITHOUT_BUNDLED_GATEWAY_API) < 0;
  return { version, overridden: version !== options.spec.version, gatewayApiVersion: bundles ? null : options.spec.gatewayApiVersion };
}

/** The target's Linkerd spec; the module is only registered for `mesh.name: linkerd`. */
export function linkerdSpecOf(target: { mesh: { name: string } }): LinkerdMeshSpec {
  if (target.mesh.name !== 'linkerd') throw new HarnessError('INTERNAL', `the linkerd module got a "${target.mesh.name}" target`);
  return target.mesh as LinkerdMeshSpec;
}
