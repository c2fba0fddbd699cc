/**
 * Istio verification before measuring: every workload pod carries `istio-proxy` (sidecar, also
 * as a native sidecar) or is captured by ztunnel (ambient: `ambient.istio.io/redirection:
 * enabled`); ztunnel reaches the workload over HBONE (`istioctl ztunnel-config workloads`); the
 * waypoint is up and enrolled; plaintext from an un-meshed namespace is refused under STRICT.
 */
import type { PlanAction } from '../../plan/plan-types.ts';
import type { VerificationCheck } from '../../results/result-schema.ts';
import { listPodMetadata, type PodMetadata } from '../checks/pod-metadata.ts';
import { plaintextProbeAction, plaintextProbeCheck } from '../checks/plaintext-probe-check.ts';
import { proxyPresenceCheck } from '../checks/proxy-presence.ts';
import { toolFile } from '../common/tool-invocation.ts';
import type { CheckFunction, CheckRuntime, MeshPlanContext } from '../mesh.ts';
import { isAmbientMode, WAYPOINT_NAME } from './enrol.ts';
import { parseZtunnelWorkloads } from './tool-output.ts';
import { istioSpecOf, resolveIstioVersion } from './versions.ts';

const WAYPOINT_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** Pods that are the application (not the waypoint, not finished Job pods). */
function workloadPods(pods: PodMetadata[]): PodMetadata[] {
  return pods.filter((p) => p.labels[WAYPOINT_LABEL] === undefined && p.phase !== 'Succeeded' && p.phase !== 'Failed');
}

/** Judges ambient capture from pod annotations (pure). */
export function evaluateAmbientCapture(pods: PodMetadata[]): VerificationCheck {
  const app = workloadPods(pods);
  const evidence = app.map((p) => `${p.name}: ambient.istio.io/redirection=${p.annotations['ambient.istio.io/redirection'] ?? '(absent)'}`);
  if (app.length === 0) evidence.push('no workload pods found');
  const captured = app.filter((p) => p.annotations['ambient.istio.io/redirection'] === 'enabled');
  return { name: 'ambient-captured', passed: app.length > 0 && captured.length === app.length, evidence };
}

/** Judges the ztunnel view of the namespace: every workload pod known over HBONE (pure). */
export function evaluateZtunnelHbone(options: { namespace: string; pods: PodMetadata[]; ztunnelOutput: string }): VerificationCheck {
  const rows = parseZtunnelWorkloads(options.ztunnelOutput).filter((r) => r.namespace === options.namespace);
  const app = workloadPods(options.pods);
  const evidence: string[] = [];
  let ok = app.length > 0;
  for (const pod of app) {
    const row = rows.find((r) => r.pod === pod.name);
    if (row?.protocol !== 'HBONE') ok = false;
    evidence.push(row ? `${pod.name} ${row.address} ${row.node} waypoint=${row.waypoint} protocol=${row.protocol}` : `${pod.name}: not in ztunnel's workload table`);
  }
  if (app.length === 0) evidence.push(`no workload pods in ${options.namespace}`);
  return { name: 'ztunnel-hbone', passed: ok, evidence };
}

async function ztunnelHbone(params: Record<string, unknown>, runtime: CheckRuntime): Promise<VerificationCheck> {
  const namespace = String(params['namespace']);
  const args = params['experimental'] === true ? ['x', 'ztunnel-config', 'workloads'] : ['ztunnel-config', 'workloads'];
  const result = await runtime.runner.run(String(params['istioctl']), args, {
    env: runtime.env,
    signal: runtime.signal,
    timeoutMs: 60_000,
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    return { name: 'ztunnel-hbone', passed: false, evidence: [`${result.command} exited ${result.exitCode}`, ...result.stderr.split('\n').slice(-5)] };
  }
  const check = evaluateZtunnelHbone({ namespace, pods: await listPodMetadata(runtime.kube, namespace), ztunnelOutput: result.stdout });
  check.evidence.unshift(`$ ${result.command}`);
  return check;
}

async function ambientCaptured(params: Record<string, unknown>, runtime: CheckRuntime): Promise<VerificationCheck> {
  return evaluateAmbientCapture(await listPodMetadata(runtime.kube, String(params['namespace'])));
}

async function waypointReady(params: Record<string, unknown>, runtime: CheckRuntime): Promise<VerificationCheck> {
  const namespace = String(params['namespace']);
  const pods = await runtime.kube.listPods(namespace, `${WAYPOINT_LABEL}=${WAYPOINT_NAME}`);
  const raw = await runtime.kube.getRaw(`/api/v1/namespaces/${encodeURIComponent(namespace)}`);
  const labels = (raw as { metadata?: { labels?: Record<string, string> } } | null)?.metadata?.labels ?? {};
  const enrolled = labels['istio.io/use-waypoint'] === WAYPOINT_NAME;
  const ready = pods.filter((p) => p.ready && p.containers.includes('istio-proxy'));
  return {
    name: 'waypoint-ready',
    passed: enrolled && ready.length > 0,
    evidence: [
      `namespace ${namespace}: istio.io/use-waypoint=${labels['istio.io/use-waypoint'] ?? '(absent)'}`,
      ...pods.map((p) => `${p.name} (${p.nodeName ?? 'unscheduled'}): ready=${p.ready}, containers ${p.containers.join(',')}`),
      ...(pods.length === 0 ? ['no waypoint pods'] : []),
    ],
  };
}

/**
 * Judges that every workload pod was injected by the arm's own revision (pure): the injector
 * marks the pod with `istio.io/rev=<revision>` (a label in some releases, an annotation in
 * others; docs/arms-on-shared-hardware.md).
 */
export function evaluateRevisionInjected(options: { revision: string; pods: PodMetadata[] }): VerificationCheck {
  const app = workloadPods(options.pods);
  const revisionOf = (p: PodMetadata) => p.labels['istio.io/rev'] ?? p.annotations['istio.io/rev'] ?? '(none)';
  const evidence = app.map((p) => `${p.name}: istio.io/rev=${revisionOf(p)}`);
  if (app.length === 0) evidence.push('no workload pods found');
  return { name: 'istio-revision-injected', passed: app.length > 0 && app.every((p) => revisionOf(p) === options.revision), evidence };
}

async function revisionInjected(params: Record<string, unknown>, runtime: CheckRuntime): Promise<VerificationCheck> {
  const namespace = String(params['namespace']);
  return evaluateRevisionInjected({ revision: String(params['revision']), pods: await listPodMetadata(runtime.kube, namespace) });
}

/** Check functions of the Istio module, by name. */
export const ISTIO_CHECKS: Record<string, CheckFunction> = {
  'istio-proxy-injected': proxyPresenceCheck('istio-proxy-injected'),
  'istio-revision-injected': revisionInjected,
  'ambient-captured': ambientCaptured,
  'ztunnel-hbone': ztunnelHbone,
  'waypoint-ready': waypointReady,
  'plaintext-refused': plaintextProbeCheck('plaintext-refused', 'reset'),
};

/** The verification actions for the target and scenario. */
export function planIstioVerification(ctx: MeshPlanContext): PlanAction[] {
  const spec = istioSpecOf(ctx.target);
  const version = resolveIstioVersion({ spec, meshVersion: ctx.meshVersion });
  const istioctl = toolFile({ tool: 'istioctl', version: version.version, toolsDir: ctx.toolsDir });
  const actions: PlanAction[] = [];
  if (isAmbientMode(spec)) {
    actions.push(
      { kind: 'check', description: 'every workload pod is captured by ztunnel', check: 'ambient-captured', params: { namespace: ctx.namespace } },
      {
        kind: 'check',
        description: 'ztunnel reaches every workload pod over HBONE (istioctl ztunnel-config workloads)',
        check: 'ztunnel-hbone',
        params: { namespace: ctx.namespace, istioctl, experimental: version.experimentalAmbientCommands },
      },
    );
    if (spec.mode === 'waypoint') {
      actions.push({ kind: 'check', description: 'the namespace waypoint is ready and enrolled', check: 'waypoint-ready', params: { namespace: ctx.namespace } });
    }
  } else {
    actions.push({
      kind: 'check',
      description: 'every workload pod carries istio-proxy (container or native sidecar)',
      check: 'istio-proxy-injected',
      params: { namespace: ctx.namespace, container: 'istio-proxy' },
    });
    if (ctx.revision) {
      actions.push({
        kind: 'check',
        description: `every workload pod was injected by control-plane revision ${ctx.revision} (istio.io/rev)`,
        check: 'istio-revision-injected',
        params: { namespace: ctx.namespace, revision: ctx.revision },
      });
    }
  }
  if (ctx.scenario.features.mtls === 'strict') {
    actions.push(plaintextProbeAction(ctx, { check: 'plaintext-refused', description: 'plaintext from an un-meshed namespace is refused (PeerAuthentication STRICT)' }));
  }
  return actions;
}
