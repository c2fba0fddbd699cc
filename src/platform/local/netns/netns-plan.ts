/**
 * The dry-run plan of a netns run: every `ip`, `iptables` and `haproxy` command the run executes,
 * for an example prefix and the first candidate address range (the real run picks a fresh
 * `mb-<6 hex>` prefix and checks the range against the host's routes).
 */
import { join } from 'node:path';
import { HarnessError } from '../../../errors.ts';
import type { RunPlan, PlanAction, PlanStep } from '../../../plan/plan-types.ts';
import { chainServiceNames } from '../../../workload/service-chain.ts';
import type { LocalRunContext } from '../local-run-context.ts';
import type { ProgramLauncher } from '../local-service-chain.ts';
import { realtimeLauncher } from '../realtime-agent.ts';
import { RANGE_CANDIDATES } from './address-range.ts';
import { captureRules } from './capture-rules.ts';
import { buildTopology, inNetns, podByName, POD_SERVICE_PORT, topologyNamespaces, topologyWiringCommands } from './namespace-topology.ts';
import { measurementPlan } from '../../../plan/measurement-plan.ts';

const EXAMPLE_PREFIX = 'mb-0a1b2c';

function command(description: string, tool: string, args: string[], extra: Partial<Extract<PlanAction, { kind: 'command' }>> = {}): PlanAction {
  return { kind: 'command', description, tool, args, ...extra };
}

/**
 * The netns emulation wires a chain only: a fan-out or idle services are refused, not run as
 * something else (docs/topology.md).
 */
export function refuseNetnsTopology(ctx: Pick<LocalRunContext, 'target' | 'scenario'>): void {
  const w = ctx.scenario.workload;
  const what = w.fanOut !== undefined ? 'workload.topology: fan-out' : w.idleServices !== undefined ? 'workload.idleServices' : null;
  if (what) {
    throw new HarnessError('USAGE', `${what} is not available on target ${ctx.target.name}: the netns emulation wires a chain of services only`, {
      hint: 'use the proxy-mtls or baseline target on the local platform, or a kube target',
    });
  }
}

export function planNetnsRun(ctx: Omit<LocalRunContext, 'runner'>): RunPlan {
  const { target, scenario } = ctx;
  if (target.mesh.name !== 'netns') throw new Error('planNetnsRun needs a netns target');
  refuseNetnsTopology(ctx);
  const mesh = target.mesh;
  const names = chainServiceNames(scenario.workload.chainDepth);
  const topology = buildTopology({ prefix: EXAMPLE_PREFIX, mode: mesh.mode, rangePrefix: RANGE_CANDIDATES[0] as string, services: names });
  const entry = podByName(topology, names[0] as string);
  const proxySteps: PlanStep[] =
    mesh.mode === 'baseline'
      ? []
      : [
          {
            id: 'start-proxies',
            phase: 'deploy',
            title: mesh.mode === 'sidecar' ? 'start an haproxy sidecar in every meshed pod (uid 1337), mTLS between them' : 'start one L4 haproxy per node, mTLS tunnel between nodes',
            actions: [
              command('generate CA, server and client certificates (ECDSA P-256)', 'openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '…']),
              ...(mesh.mode === 'sidecar'
                ? topology.pods.filter((p) => p.meshed).map((p) => ({ netns: p.netns, cfg: `haproxy-sidecar-${p.name}.cfg`, what: `sidecar of pod ${p.name}` }))
                : [topology.nodes.server, topology.nodes.client].map((n) => ({ netns: n.netns, cfg: `haproxy-node-${n.role}.cfg`, what: `proxy of the ${n.role} node` }))
              ).map((p) => {
                const c = inNetns(p.netns, 'haproxy', ['-db', '-f', join(ctx.workDir, p.cfg)]);
                return command(p.what, c.command, c.args);
              }),
            ],
          },
          {
            id: 'capture-rules',
            phase: 'deploy',
            title: 'iptables nat rules that capture the traffic into the proxies',
            actions: captureRules(topology).flatMap((ns) =>
              ns.rules.map((rule) => {
                const c = inNetns(ns.netns, 'iptables', ['-t', 'nat', ...rule]);
                return command(ns.owner, c.command, c.args);
              }),
            ),
          },
        ];
  const agent = podByName(topology, 'agent');
  const agentCommand = netnsAgentLauncher(ctx, agent.netns);
  return {
    runId: ctx.runId,
    createdAt: new Date().toISOString(),
    platform: 'local',
    target: { name: target.name, mesh: target.mesh.name, mode: mesh.mode, version: null },
    scenario: { name: scenario.name, contentHash: '' },
    cluster: null,
    namespace: null,
    resultPath: ctx.resultPath,
    steps: [
      {
        id: 'netns-preflight',
        phase: 'preflight',
        title: 'check Linux, root or CAP_NET_ADMIN, ip and iptables; pick an address range no host route uses',
        actions: [command('iproute2', 'ip', ['-V']), command('iptables', 'iptables', ['--version']), command('host routes', 'ip', ['-4', 'route', 'show', 'table', 'all'])],
      },
      {
        id: 'create-namespaces',
        phase: 'provision',
        title: `create ${topologyNamespaces(topology).length} network namespaces (${EXAMPLE_PREFIX} is an example prefix) and wire two routed nodes`,
        actions: [
          command('refuse names that already exist', 'ip', ['netns', 'list']),
          ...topologyNamespaces(topology).map((n) => command(`namespace ${n}`, 'ip', ['netns', 'add', n])),
          ...topologyWiringCommands(topology).map((c) => command(c.description, c.file, c.args)),
        ],
      },
      {
        id: 'start-services',
        phase: 'deploy',
        title: `start ${names.join(' → ')}, each in its pod on :${POD_SERVICE_PORT}`,
        actions: [...names].reverse().map((name) => {
          const c = inNetns(podByName(topology, name).netns, ctx.launchers.orderService.command, ctx.launchers.orderService.args);
          return command(`start ${name} at ${podByName(topology, name).address}:${POD_SERVICE_PORT}`, c.command, c.args);
        }),
      },
      ...proxySteps,
      {
        id: 'verify',
        phase: 'verify',
        title:
          mesh.mode === 'baseline'
            ? 'verify: requests cross the chain; no capture rule; the app answers plaintext'
            : 'verify: requests cross the chain; capture rules read back with iptables-save; plaintext from an un-meshed pod is refused',
        actions: [{ kind: 'check', description: 'netns data path', check: 'netns-path', params: { mode: mesh.mode } }],
      },
      {
        id: 'measure',
        phase: 'measure',
        title: `measure ${scenario.load.levels.map((l) => l.rps).join(', ')} rps × ${scenario.load.repetitions} repetitions`,
        actions: [
          {
            kind: 'measure',
            description: `per repetition: ${scenario.load.agents} agent process(es) \`${[agentCommand.command, ...agentCommand.args].join(' ')}\`; /proc counters of services${mesh.mode === 'baseline' ? '' : ' and proxies'} and the host`,
            measurement: measurementPlan(scenario, `http://${entry.address}:${POD_SERVICE_PORT}`),
          },
        ],
      },
    ],
    teardown: [
      {
        id: 'delete-namespaces',
        phase: 'teardown',
        title: 'stop proxies and services, then delete every namespace the run created (their veths and rules go with them)',
        actions: topologyNamespaces(topology)
          .toReversed()
          .map((n) => command(`delete ${n}`, 'ip', ['netns', 'delete', n], { allowFailure: true })),
      },
    ],
  };
}

/** The agent in its pod's namespace; under `chrt -f` inside it for --realtime-agent, as on plain local runs. */
export function netnsAgentLauncher(ctx: Pick<LocalRunContext, 'launchers' | 'realtimeAgent'>, netns: string): ProgramLauncher {
  const launcher = ctx.realtimeAgent ? realtimeLauncher(ctx.launchers.agent) : ctx.launchers.agent;
  return inNetns(netns, launcher.command, launcher.args);
}
