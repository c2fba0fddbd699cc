/**
 * Linkerd install steps, as the getting-started guide runs them (docs/mesh-install.md "Linkerd"): Gateway API
 * CRDs (server-side apply, after checking that no newer bundle is installed), `linkerd check --pre`, `linkerd install --crds | kubectl apply -f -`,
 * `linkerd install | kubectl apply -f -` with the cluster-wide default inbound policy, and
 * `linkerd check`. The two pipelines run as `bash -c 'set -euo pipefail; …'` so the plan shows
 * the documented line and a failing `linkerd install` fails the step.
 */
import { HarnessError } from '../../errors.ts';
import type { LinkerdMeshSpec } from '../../config/target-schema.ts';
import type { PlanAction, PlanStep } from '../../plan/plan-types.ts';
import { gatewayApiEstablishedWaits, gatewayApiServerSideAction } from '../common/gateway-api-crds.ts';
import { bashAction, setFlags, shellLine, toolFile } from '../common/tool-invocation.ts';
import { meshReleaseLine } from '../../config/release-pins.ts';
import { gatewayApiBundleCheckAction } from '../checks/gateway-api-bundle.ts';
import type { MeshPlanContext } from '../mesh.ts';
import { namespaceInboundPolicy } from './enrol.ts';
import { compareEdgeVersions, LINKERD_FIRST_NATIVE_SIDECAR_EDGE, linkerdSpecOf, resolveLinkerdVersion } from './versions.ts';

const INSTALL_TIMEOUT_MS = 5 * 60_000;
const CHECK_TIMEOUT_MS = 10 * 60_000;

/**
 * `--set` values of `linkerd install`: the default inbound policy plus the target's values; edges
 * before 2.20 also get `proxy.nativeSidecar=true` (2.20's default), so Job pods complete and
 * upgrade comparisons meter the same container layout.
 */
export function linkerdInstallValues(spec: LinkerdMeshSpec, version: string): Record<string, string> {
  const declared = spec.values['proxy.defaultInboundPolicy'];
  if (declared !== undefined && declared !== spec.defaultInboundPolicy) {
    throw new HarnessError('CONFIG_INVALID', `mesh.values sets proxy.defaultInboundPolicy=${declared} but mesh.defaultInboundPolicy is ${spec.defaultInboundPolicy}`, {
      hint: 'set the policy once, with mesh.defaultInboundPolicy',
    });
  }
  const native: Record<string, string> = compareEdgeVersions(version, LINKERD_FIRST_NATIVE_SIDECAR_EDGE) < 0 ? { 'proxy.nativeSidecar': 'true' } : {};
  return { ...native, ...spec.values, 'proxy.defaultInboundPolicy': spec.defaultInboundPolicy };
}

/** The install steps, in order. */
export function planLinkerdInstall(ctx: MeshPlanContext): PlanStep[] {
  const spec = linkerdSpecOf(ctx.target);
  const version = resolveLinkerdVersion({ spec, meshVersion: ctx.meshVersion });
  namespaceInboundPolicy(ctx);
  const linkerd = toolFile({ tool: 'linkerd', version: version.version, toolsDir: ctx.toolsDir });
  const env = { KUBECONFIG: ctx.kubeconfigPath };
  const apply = shellLine('kubectl', ['apply', '-f', '-']);
  const steps: PlanStep[] = [];
  if (version.gatewayApiVersion) {
    steps.push({
      id: 'linkerd-gateway-api-crds',
      phase: 'install-mesh',
      title: `Gateway API ${version.gatewayApiVersion} CRDs (required before linkerd install --crds)`,
      actions: [
        gatewayApiBundleCheckAction({ mesh: 'Linkerd', wanted: version.gatewayApiVersion, newestAccepted: meshReleaseLine('linkerd', version.version)?.gatewayApi?.newest ?? null }),
        gatewayApiServerSideAction(version.gatewayApiVersion, env),
        ...gatewayApiEstablishedWaits(),
      ],
    });
  }
  const check = (args: string[], description: string): PlanAction => ({
    kind: 'command',
    description,
    tool: linkerd,
    args,
    timeoutMs: CHECK_TIMEOUT_MS,
    env,
  });
  steps.push(
    { id: 'linkerd-preflight', phase: 'install-mesh', title: 'Linkerd pre-install checks', actions: [check(['check', '--pre'], 'linkerd check --pre')] },
    {
      id: 'linkerd-crds',
      phase: 'install-mesh',
      title: `Linkerd ${version.version} CRDs`,
      actions: [
        bashAction({
          description: 'linkerd install --crds | kubectl apply -f -',
          script: `${shellLine(linkerd, ['install', '--crds'])} | ${apply}`,
          timeoutMs: INSTALL_TIMEOUT_MS,
          env,
        }),
      ],
    },
    {
      id: 'linkerd-control-plane',
      phase: 'install-mesh',
      title: `Linkerd ${version.version} control plane (default inbound policy ${spec.defaultInboundPolicy})`,
      actions: [
        bashAction({
          description: 'linkerd install | kubectl apply -f -',
          script: `${shellLine(linkerd, ['install', ...setFlags(linkerdInstallValues(spec, version.version))])} | ${apply}`,
          timeoutMs: INSTALL_TIMEOUT_MS,
          env,
        }),
        check(['check'], 'linkerd check (control plane healthy)'),
      ],
    },
  );
  if (ctx.scenario.features.telemetry?.mode === 'metrics') {
    // telemetry: metrics — the viz extension, as its docs install it (docs/capability-matrix.md).
    steps.push({
      id: 'linkerd-viz',
      phase: 'install-mesh',
      title: `Linkerd ${version.version} viz extension (Prometheus scraping the proxies)`,
      actions: [
        bashAction({ description: 'linkerd viz install | kubectl apply -f -', script: `${shellLine(linkerd, ['viz', 'install'])} | ${apply}`, timeoutMs: INSTALL_TIMEOUT_MS, env }),
        check(['viz', 'check'], 'linkerd viz check (extension healthy)'),
      ],
    });
  }
  return steps;
}
