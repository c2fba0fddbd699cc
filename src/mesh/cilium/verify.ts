/**
 * Cilium verification before measuring: the agents (and cilium-envoy) run on every node, the
 * agent reports WireGuard encryption with a peer per other node (`kubectl -n kube-system exec
 * ds/cilium -- cilium-dbg status`), and, under the L7 policy, a caller the policy does not list
 * (the un-meshed probe) is refused. Cilium encrypts node to node; it does not authenticate
 * workloads, so there is no STRICT-style plaintext refusal without a policy.
 */
import type { PlanAction } from '../../plan/plan-types.ts';
import type { VerificationCheck } from '../../results/result-schema.ts';
import { plaintextProbeAction, plaintextProbeCheck } from '../checks/plaintext-probe-check.ts';
import type { CheckFunction, CheckRuntime, MeshPlanContext } from '../mesh.ts';
import { parseCiliumEncryption, parseCiliumStatusFields } from './tool-output.ts';
import { ciliumSpecOf, resolveCiliumVersion } from './versions.ts';

/** Judges the agent status against the node count (pure). */
export function evaluateCiliumEncryption(options: { statusOutput: string; nodeCount: number }): VerificationCheck {
  const encryption = parseCiliumEncryption(options.statusOutput);
  const fields = parseCiliumStatusFields(options.statusOutput);
  const expectedPeers = Math.max(options.nodeCount - 1, 1);
  const passed = encryption.mode?.toLowerCase() === 'wireguard' && (encryption.peers ?? 0) >= expectedPeers;
  return {
    name: 'cilium-wireguard',
    passed,
    evidence: [
      `Encryption: ${encryption.line ?? '(no Encryption line)'}`,
      `WireGuard peers ${encryption.peers ?? 'unknown'}, expected ≥ ${expectedPeers} (${options.nodeCount} nodes; same-node traffic is not encrypted)`,
      ...['KubeProxyReplacement', 'Cilium', 'Proxy Status'].filter((k) => fields[k]).map((k) => `${k}: ${fields[k]}`),
    ],
  };
}

async function wireguard(params: Record<string, unknown>, runtime: CheckRuntime): Promise<VerificationCheck> {
  const agentCli = String(params['agentCli'] ?? 'cilium-dbg');
  const result = await runtime.runner.run('kubectl', ['-n', 'kube-system', 'exec', 'ds/cilium', '-c', 'cilium-agent', '--', agentCli, 'status'], {
    env: runtime.env,
    signal: runtime.signal,
    timeoutMs: 60_000,
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    return { name: 'cilium-wireguard', passed: false, evidence: [`${result.command} exited ${result.exitCode}`, ...result.stderr.split('\n').slice(-5)] };
  }
  const nodes = await runtime.kube.listNodes();
  const check = evaluateCiliumEncryption({ statusOutput: result.stdout, nodeCount: nodes.length });
  check.evidence.unshift(`$ ${result.command}`);
  return check;
}

async function agentsReady(_params: Record<string, unknown>, runtime: CheckRuntime): Promise<VerificationCheck> {
  const nodes = await runtime.kube.listNodes();
  const evidence: string[] = [];
  let passed = true;
  for (const [selector, container] of [
    ['k8s-app=cilium', 'cilium-agent'],
    ['k8s-app=cilium-envoy', 'cilium-envoy'],
  ] as const) {
    const pods = await runtime.kube.listPods('kube-system', selector);
    const ready = pods.filter((p) => p.ready && p.containers.includes(container));
    const covered = new Set(ready.map((p) => p.nodeName));
    const missing = nodes.filter((n) => !covered.has(n.name)).map((n) => n.name);
    if (missing.length > 0) passed = false;
    evidence.push(`${container}: ${ready.length} ready pods on ${covered.size}/${nodes.length} nodes${missing.length ? `; missing on ${missing.join(', ')}` : ''}`);
  }
  return { name: 'cilium-agents-ready', passed, evidence };
}

/** Check functions of the Cilium module, by name. */
export const CILIUM_CHECKS: Record<string, CheckFunction> = {
  'cilium-agents-ready': agentsReady,
  'cilium-wireguard': wireguard,
  'unlisted-caller-refused': plaintextProbeCheck('unlisted-caller-refused', 'policy-drop'),
};

/** The verification actions for the target and scenario. */
export function planCiliumVerification(ctx: MeshPlanContext): PlanAction[] {
  const spec = ciliumSpecOf(ctx.target);
  const version = resolveCiliumVersion({ spec, meshVersion: ctx.meshVersion });
  const actions: PlanAction[] = [
    { kind: 'check', description: 'cilium-agent and cilium-envoy ready on every node', check: 'cilium-agents-ready', params: {} },
  ];
  if (spec.encryption === 'wireguard') {
    actions.push({
      kind: 'check',
      description: `WireGuard encryption active with a peer per other node (${version.agentCli} status)`,
      check: 'cilium-wireguard',
      params: { agentCli: version.agentCli },
    });
  }
  if (ctx.scenario.features.authz !== 'off') {
    actions.push(plaintextProbeAction(ctx, { check: 'unlisted-caller-refused', description: `a caller the ${ctx.scenario.features.authz.toUpperCase()} policy does not list (un-meshed probe namespace) is refused` }));
  }
  return actions;
}
