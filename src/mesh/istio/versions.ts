/**
 * Istio versions: the pin, the Gateway API release matching each Istio minor (the
 * `sigs.k8s.io/gateway-api` version in istio/istio's go.mod, docs/pins.md),
 * and the CLI shape per minor (1.22 keeps `waypoint` and `ztunnel-config` under `istioctl x`).
 */
import { HarnessError } from '../../errors.ts';
import { MESH_PINS } from '../../config/release-pins.ts';
import type { IstioMeshSpec } from '../../config/target-schema.ts';

/** The Istio release the istio-* targets pin (istioctl must be the same release). */
export const ISTIO_PINNED_VERSION: string = MESH_PINS.istio;

/** Gateway API release per Istio minor (1.26 pins a v1.3.0 pre-release in go.mod: use v1.3.0). */
export const GATEWAY_API_BY_ISTIO_MINOR: Readonly<Record<number, string>> = {
  22: 'v1.1.0',
  23: 'v1.1.0',
  24: 'v1.2.0',
  25: 'v1.2.1',
  26: 'v1.3.0',
  27: 'v1.3.0',
  28: 'v1.4.0',
  29: 'v1.4.1',
  30: 'v1.5.1',
};

/** Oldest minor with ambient (beta) and `--enroll-namespace`. */
export const ISTIO_MIN_AMBIENT_MINOR = 22;

/** What the plan needs to know about the Istio version it installs. */
export interface IstioVersionPlan {
  version: string;
  minor: number;
  /** True when --mesh-version replaced the target's pin. */
  overridden: boolean;
  gatewayApiVersion: string;
  /** 1.22: `istioctl x waypoint …` and `istioctl x ztunnel-config …`. */
  experimentalAmbientCommands: boolean;
}

/** Minor of a 1.x release, e.g. 28 for 1.28.3. */
export function istioMinor(version: string): number {
  const match = /^1\.(\d+)\.\d+/.exec(version);
  if (!match?.[1]) {
    throw new HarnessError('USAGE', `"${version}" is not an Istio 1.x release`, { hint: 'use a release such as 1.30.3' });
  }
  return Number(match[1]);
}

/**
 * Resolves the version to install: `meshVersion` (target pin or --mesh-version) decides; the
 * Gateway API release follows the Istio minor unless the target pins one for its own version.
 */
export function resolveIstioVersion(options: { spec: IstioMeshSpec; meshVersion: string | null }): IstioVersionPlan {
  const version = options.meshVersion ?? options.spec.version;
  const minor = istioMinor(version);
  const overridden = version !== options.spec.version;
  const tableVersion = GATEWAY_API_BY_ISTIO_MINOR[minor];
  const gatewayApiVersion = (!overridden ? options.spec.gatewayApiVersion : undefined) ?? tableVersion;
  if (!gatewayApiVersion) {
    throw new HarnessError('USAGE', `no Gateway API release is known for Istio 1.${minor}`, {
      hint: `known minors: ${Object.keys(GATEWAY_API_BY_ISTIO_MINOR).map((m) => `1.${m}`).join(', ')}; set mesh.gatewayApiVersion in the target to the release in istio/istio's go.mod`,
    });
  }
  return { version, minor, overridden, gatewayApiVersion, experimentalAmbientCommands: minor === ISTIO_MIN_AMBIENT_MINOR };
}

/** The target's Istio spec; the module is only registered for `mesh.name: istio`. */
export function istioSpecOf(target: { mesh: { name: string } }): IstioMeshSpec {
  if (target.mesh.name !== 'istio') throw new HarnessError('INTERNAL', `the istio module got a "${target.mesh.name}" target`);
  return target.mesh as IstioMeshSpec;
}
