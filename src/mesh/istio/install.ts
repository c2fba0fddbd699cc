/**
 * Istio install steps (docs/mesh-install.md "Istio", "Gateway API CRDs"): Gateway API CRDs for ambient and
 * waypoint (only if absent, at the release matching the Istio minor), then `istioctl install`
 * with the mode's profile and the proxy worker threads pinned by
 * `meshConfig.defaultConfig.concurrency` (ProxyConfig.concurrency, mesh-wide: sidecars and
 * waypoints), then waits for istiod (and istio-cni + ztunnel in ambient); with `telemetry:
 * tracing`, the zipkin provider flags and the Zipkin collector.
 */
import { HarnessError } from '../../errors.ts';
import type { FeatureSpec } from '../../config/scenario-schema.ts';
import type { IstioMeshSpec } from '../../config/target-schema.ts';
import type { PlanAction, PlanStep } from '../../plan/plan-types.ts';
import { gatewayApiEstablishedWaits, gatewayApiExperimentalAction, gatewayApiIfAbsentAction } from '../common/gateway-api-crds.ts';
import { setFlags, toolFile } from '../common/tool-invocation.ts';
import type { MeshPlanContext } from '../mesh.ts';
import { isAmbientMode, peerAuthenticationMode, refuseUnsupportedL7 } from './enrol.ts';
import { ISTIO_MIN_AMBIENT_MINOR, type IstioVersionPlan, istioSpecOf, resolveIstioVersion } from './versions.ts';

const ISTIOCTL_INSTALL_TIMEOUT_MS = 10 * 60_000;
const ROLLOUT_TIMEOUT_MS = 5 * 60_000;

/** Refuses mode/profile/version combinations Istio does not support. */
export function validateIstioSpec(spec: IstioMeshSpec, version: IstioVersionPlan): void {
  const expected = isAmbientMode(spec) ? 'ambient' : 'default';
  if (spec.profile !== expected && !(spec.mode === 'sidecar' && (spec.profile === 'minimal' || spec.profile === 'demo'))) {
    throw new HarnessError('CONFIG_INVALID', `Istio mode "${spec.mode}" cannot use profile "${spec.profile}"`, {
      hint: `set mesh.profile: ${expected} in the target`,
    });
  }
  if (isAmbientMode(spec) && version.minor < ISTIO_MIN_AMBIENT_MINOR) {
    throw new HarnessError('USAGE', `Istio ${version.version} has no ambient mode usable here (needs 1.${ISTIO_MIN_AMBIENT_MINOR}+)`, {
      hint: 'pick --mesh-version 1.22.0 or later for istio-ambient and istio-waypoint',
    });
  }
}

/** First minor whose injector makes `istio-proxy` a native sidecar by itself (on Kubernetes ≥1.33). */
export const ISTIO_NATIVE_SIDECAR_DEFAULT_MINOR = 27;

/**
 * argv of `istioctl install` for the target (exact order as documented, then pins and values).
 * Sidecar mode before 1.27 also turns native sidecars on, so load-agent Job pods can complete
 * and upgrade comparisons meter the same container layout.
 */
export function istioctlInstallArgs(spec: IstioMeshSpec, version: IstioVersionPlan, revision?: string | null): string[] {
  // Envoy (sidecars, waypoints) reads ProxyConfig concurrency; ztunnel (Rust) ignores it and sizes
  // its Tokio workers from ZTUNNEL_WORKER_THREADS (else from its CPU limit), set through the
  // ztunnel chart's `env` map (istio/ztunnel src/config.rs; docs/pins.md).
  const concurrency = ['--set', `meshConfig.defaultConfig.concurrency=${spec.proxyConcurrency}`];
  if (isAmbientMode(spec)) concurrency.push('--set', `values.ztunnel.env.ZTUNNEL_WORKER_THREADS=${spec.proxyConcurrency}`);
  // A revision is installed as the canary-upgrade docs do: `istioctl install --revision=<rev> …`.
  const head = revision
    ? ['install', `--revision=${revision}`, '--set', `profile=${spec.profile}`, '--skip-confirmation']
    : isAmbientMode(spec)
      ? ['install', '--set', `profile=${spec.profile}`, '--skip-confirmation']
      : ['install', '-y', '--set', `profile=${spec.profile}`];
  const native = !isAmbientMode(spec) && version.minor < ISTIO_NATIVE_SIDECAR_DEFAULT_MINOR ? ['--set', 'values.pilot.env.ENABLE_NATIVE_SIDECARS=true'] : [];
  return [...head, ...concurrency, ...native, ...setFlags(spec.values)];
}

// Request tracing (scenario `telemetry: { mode: tracing, samplingPct }`), as Istio's Zipkin task
// does it (docs/mesh-install.md "Istio", docs/capability-matrix.md): the Zipkin sample addon
// `samples/addons/extras/zipkin.yaml` at the installed release's tag (Deployment `zipkin`,
// Services `zipkin`/`tracing` in istio-system, in-memory storage) after the control plane;
// `meshConfig.enableTracing=true` and a `zipkin` extension provider at install; the sampling is a
// Telemetry `tracing` entry with `randomSamplingPercentage` (feature-objects.ts).
/** Name of the extension provider the Telemetry resource refers to. */
export const ISTIO_TRACING_PROVIDER = 'zipkin';

const ZIPKIN_SERVICE = 'zipkin.istio-system.svc.cluster.local';
const ZIPKIN_PORT = 9411;
const ZIPKIN_APPLY_TIMEOUT_MS = 120_000;

/** The share of requests traced, % (null when the scenario traces nothing). */
export function istioTracingSamplingPct(features: FeatureSpec): number | null {
  return features.telemetry?.mode === 'tracing' ? features.telemetry.samplingPct : null;
}

/** URL of the Zipkin sample addon at an Istio release tag, e.g. 1.30.3. */
export function istioZipkinAddonUrl(version: string): string {
  return `https://raw.githubusercontent.com/istio/istio/${version}/samples/addons/extras/zipkin.yaml`;
}

/** `istioctl install` flags declaring the zipkin extension provider and turning tracing on. */
export function istioTracingInstallArgs(): string[] {
  return [
    '--set',
    'meshConfig.enableTracing=true',
    '--set',
    `meshConfig.extensionProviders[0].name=${ISTIO_TRACING_PROVIDER}`,
    '--set',
    `meshConfig.extensionProviders[0].zipkin.service=${ZIPKIN_SERVICE}`,
    '--set',
    `meshConfig.extensionProviders[0].zipkin.port=${ZIPKIN_PORT}`,
  ];
}

// Configuration scoping for ambient and waypoints (scenario `features.configScope: namespace`):
// the Sidecar resource does not apply to ztunnel or waypoints, so istiod itself is scoped with
// `meshConfig.discoverySelectors` (docs/topology.md): it then watches, and pushes to the proxies,
// only the namespaces a selector matches. `kubernetes.io/metadata.name` is the label Kubernetes
// sets on every namespace, so the selector names istio-system and the workload's namespace.
/** `istioctl install` flags scoping istiod to istio-system and the workload namespace. */
export function istioDiscoverySelectorArgs(namespace: string): string[] {
  const selector = 'meshConfig.discoverySelectors[0].matchExpressions[0]';
  return ['--set', `${selector}.key=kubernetes.io/metadata.name`, '--set', `${selector}.operator=In`, '--set', `${selector}.values[0]=istio-system`, '--set', `${selector}.values[1]=${namespace}`];
}

/** The step that installs the Zipkin collector and waits for it. */
export function istioZipkinStep(options: { version: string; env: Record<string, string> }): PlanStep {
  return {
    id: 'istio-zipkin',
    phase: 'install-mesh',
    title: `Zipkin trace collector (Istio ${options.version} sample addon) receiving the proxies' spans`,
    actions: [
      {
        kind: 'command',
        description: 'kubectl apply -f samples/addons/extras/zipkin.yaml (Istio sample addon)',
        tool: 'kubectl',
        args: ['apply', '-f', istioZipkinAddonUrl(options.version)],
        timeoutMs: ZIPKIN_APPLY_TIMEOUT_MS,
        env: options.env,
      },
      {
        kind: 'wait',
        description: 'Deployment istio-system/zipkin rolled out',
        condition: { type: 'rollout', namespace: 'istio-system', workloadKind: 'Deployment', name: 'zipkin' },
        timeoutMs: ROLLOUT_TIMEOUT_MS,
      },
    ],
  };
}

function rollout(name: string, workloadKind: 'Deployment' | 'DaemonSet'): PlanAction {
  return {
    kind: 'wait',
    description: `${workloadKind} istio-system/${name} rolled out`,
    condition: { type: 'rollout', namespace: 'istio-system', workloadKind, name },
    timeoutMs: ROLLOUT_TIMEOUT_MS,
  };
}

/**
 * The revision name of an Istio version: `.` is not a valid revision character, so 1.29.1 →
 * `1-29-1` (canary-upgrade docs, docs/arms-on-shared-hardware.md).
 */
export function istioRevisionName(version: string): string {
  const name = version.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) {
    throw new HarnessError('USAGE', `"${version}" cannot name an Istio revision`, { hint: 'arms on Kubernetes are mesh versions such as 1.29.1' });
  }
  return name;
}

/** Sidecar mode can run two revisions side by side; ambient's ztunnel is one per node. */
export function istioCoexistingVersions(spec: IstioMeshSpec): boolean {
  return !isAmbientMode(spec);
}

/**
 * True when the waypoint plan writes HTTPRoute `rules[].retry`, which is in Gateway API's
 * experimental channel up to v1.6 (standard from v1.7.0), so the experimental CRDs are installed
 * (docs/mesh-install.md "Gateway API CRDs").
 */
export function istioWaypointNeedsExperimentalCrds(spec: IstioMeshSpec, features: FeatureSpec): boolean {
  return spec.mode === 'waypoint' && Boolean(features.retries);
}

/** The install steps, in order. */
export function planIstioInstall(ctx: MeshPlanContext): PlanStep[] {
  const spec = istioSpecOf(ctx.target);
  const version = resolveIstioVersion({ spec, meshVersion: ctx.meshVersion });
  validateIstioSpec(spec, version);
  refuseUnsupportedL7(ctx);
  peerAuthenticationMode(ctx);
  const env = { KUBECONFIG: ctx.kubeconfigPath };
  const ambient = isAmbientMode(spec);
  const revision = ctx.revision ?? null;
  const tracing = istioTracingSamplingPct(ctx.scenario.features) !== null;
  const scoped = ambient && ctx.scenario.features.configScope === 'namespace';
  if (revision && ambient) {
    throw new HarnessError('USAGE', `Istio ${spec.mode} mode cannot run two versions in one cluster (ztunnel is one per node)`, {
      hint: 'arms of ambient targets use one cluster each',
    });
  }
  const steps: PlanStep[] = [];
  if (ambient) {
    // Waypoint retries are HTTPRoute `retry`, an experimental-channel field (istioWaypointNeedsExperimentalCrds).
    const experimental = istioWaypointNeedsExperimentalCrds(spec, ctx.scenario.features);
    steps.push({
      id: 'istio-gateway-api-crds',
      phase: 'install-mesh',
      title: `Gateway API ${version.gatewayApiVersion} ${experimental ? 'experimental-channel ' : ''}CRDs (matching Istio 1.${version.minor})`,
      actions: [
        experimental ? gatewayApiExperimentalAction(version.gatewayApiVersion, env) : gatewayApiIfAbsentAction(version.gatewayApiVersion, env),
        ...gatewayApiEstablishedWaits(),
      ],
    });
  }
  const install: PlanAction = {
    kind: 'command',
    description: `istioctl ${version.version} install${revision ? ` as revision ${revision}` : ''} (profile ${spec.profile}, ${spec.proxyConcurrency} worker threads per ${ambient ? 'ztunnel and waypoint' : 'sidecar'})`,
    tool: toolFile({ tool: 'istioctl', version: version.version, toolsDir: ctx.toolsDir }),
    // telemetry: tracing declares the zipkin provider at install; configScope on ambient scopes istiod.
    args: [...istioctlInstallArgs(spec, version, revision), ...(tracing ? istioTracingInstallArgs() : []), ...(scoped ? istioDiscoverySelectorArgs(ctx.namespace) : [])],
    timeoutMs: ISTIOCTL_INSTALL_TIMEOUT_MS,
    env,
  };
  steps.push({
    id: revision ? `istio-control-plane-${revision}` : 'istio-control-plane',
    phase: 'install-mesh',
    title: `Istio ${version.version} (${spec.mode})${revision ? `, control-plane revision ${revision}` : ''}`,
    actions: [
      install,
      // Each revision is a full control plane with its own Deployment istiod-<revision>.
      rollout(revision ? `istiod-${revision}` : 'istiod', 'Deployment'),
      ...(ambient ? [rollout('istio-cni-node', 'DaemonSet'), rollout('ztunnel', 'DaemonSet')] : []),
    ],
  });
  if (tracing) steps.push(istioZipkinStep({ version: version.version, env }));
  return steps;
}
