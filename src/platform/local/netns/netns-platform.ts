/**
 * The netns targets on the local platform (docs/netns-targets.md): builds the namespaces,
 * starts the services in their pods, the proxies (sidecar: one per meshed pod; node-proxy: one
 * per node) and the capture rules, verifies, and hands the measurement loop an agent that runs in
 * the agent pod. Teardown — also after a failure or Ctrl-C during setup — stops every process,
 * then deletes every namespace it created (which takes their veths and iptables rules with them).
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NetnsMeshSpec } from '../../../config/target-schema.ts';
import { HarnessError } from '../../../errors.ts';
import type { CommandRunner } from '../../../exec/command-runner.ts';
import { ProcessMeter, type MeteredProcessGroup } from '../../../metrics/process-meter.ts';
import type { PreparedPlatform } from '../../measurement-backend.ts';
import { orderServiceEnv } from '../../../service/order-service-config.ts';
import { chainServiceNames } from '../../../workload/service-chain.ts';
import { netnsAgentLauncher, refuseNetnsTopology } from './netns-plan.ts';
import { createLocalAgentRunner } from '../local-agent-runner.ts';
import type { LocalRunContext } from '../local-run-context.ts';
import { type LocalService, type ProgramLauncher, startService } from '../local-service-chain.ts';
import { generateTlsCertificates, type TlsCertificateFiles } from '../tls-certificates.ts';
import { pickFreeRange } from './address-range.ts';
import { captureRules, INBOUND_PORT, OUTBOUND_PORT, TUNNEL_PORT } from './capture-rules.ts';
import { buildTopology, inNetns, type NetnsTopology, podByName, POD_SERVICE_PORT } from './namespace-topology.ts';
import { type CreatedNamespaces, createTopology } from './netns-commands.ts';
import { renderNodeProxyConfig, renderSidecarConfig } from './netns-haproxy-config.ts';
import { checkNetnsAvailable } from './netns-preflight.ts';
import { NETNS_PROBE_FILE, NETNS_PROBE_SCRIPT } from './netns-probe-script.ts';
import { type NetnsProxy, startNetnsProxy } from './netns-proxies.ts';
import { verifyNetnsPath } from './netns-verification.ts';

/** A fresh run prefix: `mb-<6 hex>`. */
export function newNetnsPrefix(): string {
  return `mb-${randomBytes(3).toString('hex')}`;
}

function podLauncher(netns: string, launcher: ProgramLauncher): ProgramLauncher {
  const wrapped = inNetns(netns, launcher.command, launcher.args);
  return { command: wrapped.command, args: wrapped.args };
}

/** The /16 for the run's addresses; refuses when every candidate overlaps a host route. */
export async function chooseAddressRange(runner: CommandRunner, signal?: AbortSignal): Promise<string> {
  const routes = await runner.run('ip', ['-4', 'route', 'show', 'table', 'all'], { signal });
  const { range, clashes } = pickFreeRange(routes.stdout);
  if (range === null) {
    throw new HarnessError('NOT_READY', 'no free private address range for the netns run: every candidate overlaps a host route', { details: clashes });
  }
  return range;
}

async function applyRules(topology: NetnsTopology, runner: CommandRunner, signal?: AbortSignal): Promise<void> {
  for (const ns of captureRules(topology)) {
    for (const rule of ns.rules) {
      const c = inNetns(ns.netns, 'iptables', ['-t', 'nat', ...rule]);
      await runner.run(c.command, c.args, { signal, hint: `capture rule for ${ns.owner}` });
    }
  }
}

async function startProxies(options: { topology: NetnsTopology; mesh: NetnsMeshSpec; certificates: TlsCertificateFiles; workDir: string; runner: CommandRunner; signal?: AbortSignal | undefined; started: NetnsProxy[] }): Promise<void> {
  const { topology, mesh, certificates } = options;
  if (topology.mode === 'sidecar') {
    for (const pod of topology.pods.filter((p) => p.meshed)) {
      options.started.push(
        await startNetnsProxy({
          component: `sidecar-${pod.name}`,
          netns: pod.netns,
          configPath: join(options.workDir, `haproxy-sidecar-${pod.name}.cfg`),
          config: renderSidecarConfig({ topology, pod, threads: mesh.threads, certificates }),
          ports: [OUTBOUND_PORT, INBOUND_PORT],
          runner: options.runner,
          signal: options.signal,
        }),
      );
    }
  } else if (topology.mode === 'node-proxy') {
    for (const node of [topology.nodes.server, topology.nodes.client]) {
      options.started.push(
        await startNetnsProxy({
          component: `node-proxy-${node.role}`,
          netns: node.netns,
          configPath: join(options.workDir, `haproxy-node-${node.role}.cfg`),
          config: renderNodeProxyConfig({ topology, node, threads: mesh.threads, certificates }),
          ports: [OUTBOUND_PORT, TUNNEL_PORT],
          runner: options.runner,
          signal: options.signal,
        }),
      );
    }
  }
}

/** Options of {@link prepareNetnsPlatform}: the local run's context, and optionally a fixed prefix (tests). */
export type NetnsRunContext = LocalRunContext & { prefix?: string | undefined };

export async function prepareNetnsPlatform(ctx: NetnsRunContext): Promise<PreparedPlatform> {
  const mesh = ctx.target.mesh;
  if (mesh.name !== 'netns') throw new HarnessError('INTERNAL', `the netns platform got a "${mesh.name}" target`);
  refuseNetnsTopology(ctx);
  const { runner, signal } = ctx;
  await checkNetnsAvailable({ runner, signal });
  const rangePrefix = await chooseAddressRange(runner, signal);
  const names = chainServiceNames(ctx.scenario.workload.chainDepth);
  const topology = buildTopology({ prefix: ctx.prefix ?? newNetnsPrefix(), mode: mesh.mode, rangePrefix, services: names });
  const namespaces: CreatedNamespaces = await createTopology({ topology, runner, signal });
  const services: LocalService[] = [];
  const proxies: NetnsProxy[] = [];
  let tornDown: Promise<void> | undefined;
  const teardown = () => {
    tornDown ??= (async () => {
      await Promise.all(proxies.map((p) => p.process.stop(5_000)));
      await Promise.all(services.map((s) => s.process.stop(10_000)));
      await namespaces.remove();
    })();
    return tornDown;
  };
  try {
    await writeFile(join(ctx.workDir, NETNS_PROBE_FILE), NETNS_PROBE_SCRIPT);
    // Last service first, so each can point at the next one's pod address.
    let downstreamUrl: string | undefined;
    for (const name of [...names].reverse()) {
      const pod = podByName(topology, name);
      const env = orderServiceEnv({
        port: POD_SERVICE_PORT,
        host: '0.0.0.0',
        serviceName: name,
        responseBytes: ctx.scenario.workload.responseBytes,
        addedDelayMs: ctx.scenario.workload.addedDelayMs,
        seedOrders: ctx.scenario.workload.seedOrders,
        downstreamUrl,
      });
      services.unshift(await startService({ name, launcher: podLauncher(pod.netns, ctx.launchers.orderService), env, signal }));
      downstreamUrl = `http://${pod.address}:${POD_SERVICE_PORT}`;
    }
    const tools: Record<string, string> = {};
    if (mesh.mode !== 'baseline') {
      const certificates = await generateTlsCertificates({ dir: join(ctx.workDir, 'tls'), runner, signal });
      await startProxies({ topology, mesh, certificates, workDir: ctx.workDir, runner, signal, started: proxies });
      await applyRules(topology, runner, signal);
      const version = await runner.run('haproxy', ['-v'], { allowFailure: true });
      tools['haproxy'] = /version (\S+)/.exec(version.stdout)?.[1] ?? 'unknown';
    }
    const iproute = await runner.run('ip', ['-V'], { allowFailure: true });
    tools['iproute2'] = /iproute2-(\S+?),?\s/.exec(`${iproute.stdout} `)?.[1] ?? 'unknown';
    const entry = names[0] as string;
    const verification = await verifyNetnsPath({ topology, entry, chainDepth: ctx.scenario.workload.chainDepth, workDir: ctx.workDir, runner, signal });
    verification.push({
      name: 'netns-topology',
      passed: true,
      evidence: [
        `namespaces (prefix ${topology.prefix}): ${namespaces.names.join(', ')}`,
        `client node ${topology.nodes.client.podCidr}, server node ${topology.nodes.server.podCidr}, node link ${topology.nodes.client.linkAddress}–${topology.nodes.server.linkAddress}`,
        ...topology.pods.map((p) => `pod ${p.name} ${p.address} on the ${p.node} node${p.meshed ? ', meshed' : p.role === 'outsider' ? ', outside the mesh' : ''}`),
      ],
    });
    const groups: MeteredProcessGroup[] = [
      ...services.map((s) => ({ component: s.name, role: 'app' as const, pids: [s.pid] })),
      ...proxies.map((p) => ({ component: p.component, role: 'data-plane' as const, pids: [p.process.pid] })),
    ];
    const agentPod = podByName(topology, 'agent');
    return {
      targetUrl: `http://${podByName(topology, entry).address}:${POD_SERVICE_PORT}`,
      backend: {
        agentRunner: createLocalAgentRunner(netnsAgentLauncher(ctx, agentPod.netns)),
        createMeter: () => new ProcessMeter({ groups, runner }),
      },
      verification,
      runningVersion: tools['haproxy'] ?? null,
      tools,
      targetFacts: {},
      collectDiagnostics: async () => null,
      teardown,
    };
  } catch (err) {
    await teardown();
    throw err;
  }
}
