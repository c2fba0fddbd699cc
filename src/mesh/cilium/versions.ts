/**
 * Cilium versions: the Cilium release the target pins (installed by `cilium install --version`)
 * and the cilium-cli release that installs it — the CLI has its own version line (v0.19.7
 * installs Cilium 1.16 and newer; docs/pins.md). Inside the agent pod the debug CLI is
 * `cilium-dbg` from 1.15 on.
 */
import { HarnessError } from '../../errors.ts';
import { MESH_PINS } from '../../config/release-pins.ts';
import type { CiliumMeshSpec } from '../../config/target-schema.ts';

/** The Cilium release the cilium target pins. */
export const CILIUM_PINNED_VERSION: string = MESH_PINS.cilium;

/**
 * The Gateway API bundle installed before Cilium when a scenario needs GAMMA routes
 * (`trafficSplit`): the release Cilium 1.20.0's conformance report was run against
 * (kubernetes-sigs/gateway-api `conformance/reports/v1.6/cilium/experimental-v1.20.0-default-report.yaml`,
 * `gatewayAPIVersion: v1.6.1`; docs/mesh-install.md "Cilium").
 */
export const CILIUM_GATEWAY_API_VERSION = 'v1.6.1';

/** The cilium-cli release used to install and inspect it. */
export const CILIUM_CLI_VERSION: string = MESH_PINS.ciliumCli;

export interface CiliumVersionPlan {
  version: string;
  minor: number;
  overridden: boolean;
  cliVersion: string;
  /** The agent's in-pod debug CLI: `cilium-dbg` (≥1.15) or `cilium`. */
  agentCli: string;
}

/** Resolves the Cilium release to install. */
export function resolveCiliumVersion(options: { spec: CiliumMeshSpec; meshVersion: string | null }): CiliumVersionPlan {
  const version = options.meshVersion ?? options.spec.version;
  const match = /^1\.(\d+)\.\d+$/.exec(version);
  if (!match?.[1]) throw new HarnessError('USAGE', `"${version}" is not a Cilium 1.x release`, { hint: 'use a release such as 1.20.3' });
  const minor = Number(match[1]);
  return { version, minor, overridden: version !== options.spec.version, cliVersion: CILIUM_CLI_VERSION, agentCli: minor >= 15 ? 'cilium-dbg' : 'cilium' };
}

/** The target's Cilium spec; the module is only registered for `mesh.name: cilium`. */
export function ciliumSpecOf(target: { mesh: { name: string } }): CiliumMeshSpec {
  if (target.mesh.name !== 'cilium') throw new HarnessError('INTERNAL', `the cilium module got a "${target.mesh.name}" target`);
  return target.mesh as CiliumMeshSpec;
}
