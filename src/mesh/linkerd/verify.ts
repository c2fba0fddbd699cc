/**
 * Linkerd verification before measuring: every workload pod carries `linkerd-proxy` (container
 * or native sidecar), `linkerd check --proxy` passes for the namespace, every proxy holds a
 * workload identity certificate (`linkerd diagnostics proxy-metrics`: the mTLS evidence without
 * the viz extension; inbound tls="true" request counts go into the evidence), and plaintext from
 * an un-meshed namespace is refused under an authenticated inbound policy.
 */
import type { PlanAction } from '../../plan/plan-types.ts';
import type { VerificationCheck } from '../../results/result-schema.ts';
import { gatewayApiBundleCheck } from '../checks/gateway-api-bundle.ts';
import { plaintextProbeAction, plaintextProbeCheck } from '../checks/plaintext-probe-check.ts';
import { activePods, proxyPresenceCheck } from '../checks/proxy-presence.ts';
import { toolFile } from '../common/tool-invocation.ts';
import type { CheckFunction, CheckRuntime, MeshPlanContext } from '../mesh.ts';
import { linkerdCheckPassed, parseLinkerdCheck, summariseProxyTls } from './tool-output.ts';
import { linkerdSpecOf, resolveLinkerdVersion } from './versions.ts';

/** Judges one proxy's metrics (pure): it must hold an unexpired identity certificate. */
export function evaluateProxyIdentity(options: { pod: string; metrics: string; nowSeconds: number }): { ok: boolean; line: string } {
  const s = summariseProxyTls(options.metrics);
  const valid = s.identityCertExpirySeconds !== null && s.identityCertExpirySeconds > options.nowSeconds;
  const missing = s.scrapeErrors.length > 0 ? `metrics not scraped (${s.scrapeErrors.join('; ')})` : 'no identity certificate';
  const cert = s.identityCertExpirySeconds === null ? missing : `identity certificate valid until ${new Date(s.identityCertExpirySeconds * 1000).toISOString()}`;
  const clients = s.clientIdentities.length > 0 ? ` from ${s.clientIdentities.join(', ')}` : '';
  return {
    ok: valid,
    line: `${options.pod}: ${cert}; inbound requests mTLS ${s.inboundMtlsRequests}${clients}, plaintext ${s.inboundPlaintextRequests}, denied by policy ${s.inboundAuthzDenied}`,
  };
}

async function proxyIdentity(params: Record<string, unknown>, runtime: CheckRuntime): Promise<VerificationCheck> {
  const namespace = String(params['namespace']);
  const linkerd = String(params['linkerd']);
  const pods = activePods(await runtime.kube.listPods(namespace));
  const evidence: string[] = [];
  let ok = pods.length > 0;
  for (const pod of pods) {
    const result = await runtime.runner.run(linkerd, ['diagnostics', 'proxy-metrics', '-n', namespace, `po/${pod.name}`], {
      env: runtime.env,
      signal: runtime.signal,
      timeoutMs: 60_000,
      allowFailure: true,
    });
    if (result.exitCode !== 0) {
      ok = false;
      evidence.push(`${pod.name}: ${result.command} exited ${result.exitCode}`);
      continue;
    }
    const verdict = evaluateProxyIdentity({ pod: pod.name, metrics: result.stdout, nowSeconds: Date.now() / 1000 });
    ok &&= verdict.ok;
    evidence.push(verdict.line);
  }
  if (pods.length === 0) evidence.push(`no workload pods in ${namespace}`);
  return { name: 'linkerd-proxy-identity', passed: ok, evidence };
}

async function dataPlaneCheck(params: Record<string, unknown>, runtime: CheckRuntime): Promise<VerificationCheck> {
  const namespace = String(params['namespace']);
  const result = await runtime.runner.run(String(params['linkerd']), ['-n', namespace, 'check', '--proxy'], {
    env: runtime.env,
    signal: runtime.signal,
    timeoutMs: 5 * 60_000,
    allowFailure: true,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  const lines = parseLinkerdCheck(output);
  return {
    name: 'linkerd-check-proxy',
    passed: result.exitCode === 0 && linkerdCheckPassed(output),
    evidence: [`$ ${result.command} (exit ${result.exitCode})`, ...lines.filter((l) => l.text !== '').map((l) => `${l.status === 'ok' ? '√' : l.status === 'warning' ? '‼' : '×'} ${l.text}`)],
  };
}

/** Check functions of the Linkerd module, by name. */
export const LINKERD_CHECKS: Record<string, CheckFunction> = {
  'linkerd-proxy-injected': proxyPresenceCheck('linkerd-proxy-injected'),
  'linkerd-check-proxy': dataPlaneCheck,
  'linkerd-proxy-identity': proxyIdentity,
  'plaintext-refused': plaintextProbeCheck('plaintext-refused', 'reset-or-403'),
  'gateway-api-bundle': gatewayApiBundleCheck,
};

/** The verification actions for the target and scenario. */
export function planLinkerdVerification(ctx: MeshPlanContext): PlanAction[] {
  const spec = linkerdSpecOf(ctx.target);
  const version = resolveLinkerdVersion({ spec, meshVersion: ctx.meshVersion });
  const linkerd = toolFile({ tool: 'linkerd', version: version.version, toolsDir: ctx.toolsDir });
  const actions: PlanAction[] = [
    {
      kind: 'check',
      description: 'every workload pod carries linkerd-proxy (container or native sidecar)',
      check: 'linkerd-proxy-injected',
      params: { namespace: ctx.namespace, container: 'linkerd-proxy' },
    },
    { kind: 'check', description: `linkerd -n ${ctx.namespace} check --proxy`, check: 'linkerd-check-proxy', params: { namespace: ctx.namespace, linkerd } },
    {
      kind: 'check',
      description: 'every proxy holds a workload identity certificate (linkerd diagnostics proxy-metrics)',
      check: 'linkerd-proxy-identity',
      params: { namespace: ctx.namespace, linkerd },
    },
  ];
  if (ctx.scenario.features.mtls === 'strict') {
    actions.push(plaintextProbeAction(ctx, { check: 'plaintext-refused', description: 'plaintext from an un-meshed namespace is refused (authenticated default inbound policy)' }));
  }
  return actions;
}
