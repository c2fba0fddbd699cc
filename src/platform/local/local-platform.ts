/**
 * The local platform: no cluster. The service chain runs as child processes on loopback; for the
 * `proxy-mtls` target a pair of haproxy processes with mutual TLS sits between the load agent and
 * the service, standing in for a sidecar pair; the load agents are separate processes; resources
 * come from /proc. Used for first runs, CI smoke tests and calibrating the harness.
 */
import { join } from 'node:path';
import { ProcessMeter, type MeteredProcessGroup } from '../../metrics/process-meter.ts';
import type { PreparedPlatform } from '../measurement-backend.ts';
import type { PlanStep, RunPlan } from '../../plan/plan-types.ts';
import { idleServiceCount } from '../../config/idle-services.ts';
import { describeServiceGraph, serviceGraph } from '../../workload/service-chain.ts';
import { createLocalAgentRunner } from './local-agent-runner.ts';
import type { LocalRunContext } from './local-run-context.ts';
import { LocalProcesses } from './local-processes.ts';
import { LOCAL_RUN_STATE_FILE } from './local-run-state.ts';
import { type ProgramLauncher, startLocalServiceChain } from './local-service-chain.ts';
import { verifyLocalPath } from './local-verification.ts';
import { describeEntryTls, type EntryTls, entryTlsEnv, prepareEntryTls } from './entry-tls.ts';
import { usesOwnCertificates } from '../../config/load-tls-schema.ts';
import { planNetnsRun } from './netns/netns-plan.ts';
import { prepareNetnsPlatform } from './netns/netns-platform.ts';
import { checkRealtimeAllowed, REALTIME_AGENT_PRIORITY, realtimeLauncher } from './realtime-agent.ts';
import { CPU_BURN_LUA } from './haproxy-cpu-burn.ts';
import { startSidecarPair } from './sidecar-pair.ts';
import { sidecarFeatures } from './local-feature-support.ts';
import { measurementPlan } from '../../plan/measurement-plan.ts';


/** The agent launcher the run uses: wrapped in chrt for --realtime-agent. */
function agentLauncher(ctx: Pick<LocalRunContext, 'launchers' | 'realtimeAgent'>): ProgramLauncher {
  return ctx.realtimeAgent ? realtimeLauncher(ctx.launchers.agent) : ctx.launchers.agent;
}


function launcherCommand(l: ProgramLauncher): string[] {
  return [l.command, ...l.args];
}

/** What the sidecars' plan lines add for the scenario's features, e.g. `; retries 2; access log to haproxy-*.access.log`. */
function sidecarFeatureNotes(features: ReturnType<typeof sidecarFeatures>): string {
  const notes: string[] = [];
  if (features.authz !== 'off') notes.push(`server authz ${features.authz} (client certificate${features.authz === 'l7' ? ', method and path' : ''})`);
  if (features.retries) notes.push(`client retries ${features.retries.attempts} (retry-on)`);
  if (features.requestTimeoutMs !== null) notes.push(`client timeout server ${features.requestTimeoutMs}ms`);
  if (features.upstreamHttp2) notes.push('HTTP/2 (ALPN h2) between the sidecars');
  if (features.accessLog) notes.push('access log (option httplog) to haproxy-<side>.access.log');
  return notes.length ? `; features: ${notes.join(', ')}` : '';
}

/**
 * The idle backends each sidecar gets: workload.idleServices, or none when features.configScope
 * leaves them out (they stand for Services of other namespaces).
 */
function idleBackendsOf(ctx: Pick<LocalRunContext, 'scenario'>): number {
  return ctx.scenario.features.configScope === 'namespace' ? 0 : idleServiceCount(ctx.scenario.workload);
}

/** What the sidecars' plan lines say about idle services. */
function idleNote(ctx: Pick<LocalRunContext, 'scenario'>, backends: number): string {
  const asked = idleServiceCount(ctx.scenario.workload);
  if (asked === 0) return '';
  if (backends === 0) return `; ${asked} idle services left out by configScope namespace (local emulation)`;
  return `; ${backends} idle-service backends (local emulation of a ${backends}-service mesh: configuration only, no traffic)`;
}

/** The preflight of --realtime-agent: SCHED_FIFO must be allowed before anything starts. */
function realtimeSteps(ctx: Pick<LocalRunContext, 'realtimeAgent'>): PlanStep[] {
  if (!ctx.realtimeAgent) return [];
  return [
    {
      id: 'realtime-agent',
      phase: 'preflight',
      title: 'check that the load agent may run at real-time priority (--realtime-agent)',
      actions: [{ kind: 'command', description: 'SCHED_FIFO allowed (root or CAP_SYS_NICE)', tool: 'chrt', args: ['-f', String(REALTIME_AGENT_PRIORITY), 'true'] }],
    },
  ];
}

/** The plan of a local run, for --dry-run (the local executor below follows it step by step). */
export function planLocalRun(ctx: Omit<LocalRunContext, 'runner'>): RunPlan {
  const { target, scenario } = ctx;
  if (target.mesh.name === 'netns') {
    const plan = planNetnsRun(ctx);
    return { ...plan, steps: [...realtimeSteps(ctx), ...plan.steps] };
  }
  const graph = serviceGraph(scenario.workload);
  const proxied = target.mesh.name === 'haproxy';
  const features = proxied ? sidecarFeatures(scenario.features) : null;
  const idle = idleBackendsOf(ctx);
  const featureNotes = features ? sidecarFeatureNotes(features) + idleNote(ctx, idle) : '';
  const [tool, ...args] = launcherCommand(ctx.launchers.orderService);
  return {
    runId: ctx.runId,
    createdAt: new Date().toISOString(),
    platform: 'local',
    target: { name: target.name, mesh: target.mesh.name, mode: target.mesh.mode, version: null },
    scenario: { name: scenario.name, contentHash: '' },
    cluster: null,
    namespace: null,
    resultPath: ctx.resultPath,
    steps: [
      ...realtimeSteps(ctx),
      ...(scenario.load.tls
        ? [
            {
              id: 'entry-tls',
              phase: 'deploy' as const,
              title: describeEntryTls(scenario.load.tls),
              actions: usesOwnCertificates(scenario.load.tls)
                ? []
                : [{ kind: 'command' as const, description: `generate the run's CA, the entry's certificate${scenario.load.tls.requireClientCertificate ? ' and the agents\' client certificate' : ''} (ECDSA P-256)`, tool: 'openssl', args: ['ecparam', '-name', 'prime256v1', '-genkey', '…'] }],
            },
          ]
        : []),
      {
        id: 'start-services',
        phase: 'deploy',
        title: `start ${describeServiceGraph(scenario.workload)} on loopback${!proxied && idleServiceCount(scenario.workload) > 0 ? ` (workload.idleServices ${idleServiceCount(scenario.workload)}: no proxy here to hold them, so nothing changes)` : ''}`,
        actions: [...graph].reverse().map(({ name, downstreams }) => ({
          kind: 'command' as const,
          description: `start ${name} (port chosen by the OS${downstreams.length === 1 ? `, downstream ${downstreams[0]}` : downstreams.length > 1 ? `, downstreams ${downstreams.join(', ')} called in parallel` : ''})`,
          tool: tool as string,
          args,
          env: {
            SERVICE_NAME: name,
            RESPONSE_BYTES: String(scenario.workload.responseBytes),
            ADDED_DELAY_MS: String(scenario.workload.addedDelayMs),
            SEED_ORDERS: String(scenario.workload.seedOrders),
            ...(ctx.injection?.serviceCpuUs[name] ? { CPU_COST_US: String(ctx.injection.serviceCpuUs[name]) } : {}),
            ...(scenario.load.tls && name === graph[0]?.name ? entryTlsEnv(scenario.load.tls, join(ctx.workDir, 'entry-tls')) : {}),
          },
        })),
      },
      ...(proxied
        ? [
            {
              id: 'start-sidecar-pair',
              phase: 'deploy' as const,
              title: 'start the haproxy sidecar pair with mutual TLS',
              actions: [
                { kind: 'command' as const, description: 'generate CA, server and client certificates (ECDSA P-256)', tool: 'openssl', args: ['ecparam', '-name', 'prime256v1', '-genkey', '…'] },
                ...((ctx.injection?.proxyCpuUs ?? 0) > 0
                  ? [{ kind: 'write-file' as const, description: `injected cost: each sidecar burns ${ctx.injection?.proxyCpuUs} µs of CPU per request (Lua http-request action)`, path: join(ctx.workDir, 'cpu-burn.lua'), content: CPU_BURN_LUA }]
                  : []),
                { kind: 'command' as const, description: `server sidecar: TLS with verify required → order-service${featureNotes}`, tool: 'haproxy', args: ['-db', '-f', join(ctx.workDir, 'haproxy-server.cfg')] },
                { kind: 'command' as const, description: `client sidecar: plaintext in → mutual TLS to the server sidecar${featureNotes}`, tool: 'haproxy', args: ['-db', '-f', join(ctx.workDir, 'haproxy-client.cfg')] },
              ],
            },
          ]
        : []),
      {
        id: 'verify',
        phase: 'verify',
        title: proxied ? 'verify: plaintext and certificate-less TLS are refused; requests pass the pair' : 'verify: requests reach the service directly',
        actions: [{ kind: 'check', description: 'local data path', check: 'local-path', params: { proxied } }],
      },
      {
        id: 'measure',
        phase: 'measure',
        title: `measure ${scenario.load.levels.map((l) => l.rps).join(', ')} rps × ${scenario.load.repetitions} repetitions`,
        actions: [
          {
            kind: 'measure',
            description: `per repetition: ${scenario.load.agents} agent process(es) \`${launcherCommand(agentLauncher(ctx)).join(' ')}\`, warm-up ${scenario.load.warmupMs} ms, window ${scenario.load.durationMs} ms; /proc counters of services${proxied ? ' and proxies' : ''} and the host`,
            measurement: measurementPlan(scenario, proxied ? 'http://127.0.0.1:<client sidecar port>' : `${scenario.load.tls ? 'https' : 'http'}://127.0.0.1:<entry service port>`),
          },
        ],
      },
    ],
    teardown: [
      {
        id: 'stop-processes',
        phase: 'teardown',
        title: 'stop proxies and services (SIGTERM, then SIGKILL)',
        actions: [],
      },
    ],
  };
}

/** Starts the local data path and returns what the measurement loop needs. */
export async function prepareLocalPlatform(ctx: LocalRunContext): Promise<PreparedPlatform> {
  if (ctx.realtimeAgent) await checkRealtimeAllowed(ctx.runner);
  if (ctx.target.mesh.name === 'netns') return prepareNetnsPlatform(ctx);
  const processes = new LocalProcesses({ statePath: join(ctx.workDir, LOCAL_RUN_STATE_FILE), runId: ctx.runId, signal: ctx.signal });
  const onProcess = (component: string, proc: Parameters<LocalProcesses['add']>[1]) => processes.add(component, proc);
  let chain: Awaited<ReturnType<typeof startLocalServiceChain>>;
  let entryTls: EntryTls | null = null;
  try {
    const tls = ctx.scenario.load.tls;
    if (tls) entryTls = await prepareEntryTls({ tls, workDir: ctx.workDir, runner: ctx.runner, signal: ctx.signal });
    chain = await startLocalServiceChain({
      workload: ctx.scenario.workload,
      launcher: ctx.launchers.orderService,
      cpuCostUsByService: ctx.injection?.serviceCpuUs,
      signal: ctx.signal,
      onProcess,
      entryTls: entryTls?.service,
    });
  } catch (err) {
    processes.close();
    throw err;
  }
  const groups: MeteredProcessGroup[] = chain.services.map((s) => ({ component: s.name, role: 'app' as const, pids: [s.pid] }));
  let stopPair: () => Promise<void> = async () => {};
  let targetUrl = `${entryTls ? 'https' : 'http'}://127.0.0.1:${chain.entryPort}`;
  const tools: Record<string, string> = {};
  try {
    let pair: Awaited<ReturnType<typeof startSidecarPair>> | null = null;
    if (ctx.target.mesh.name === 'haproxy') {
      pair = await startSidecarPair({
        workDir: ctx.workDir,
        upstreamPort: chain.entryPort,
        threads: ctx.target.mesh.threads,
        cpuCostUs: ctx.injection?.proxyCpuUs,
        features: sidecarFeatures(ctx.scenario.features),
        idleServices: idleBackendsOf(ctx),
        runner: ctx.runner,
        signal: ctx.signal,
        onProcess,
      });
      stopPair = pair.stop;
      targetUrl = `http://127.0.0.1:${pair.clientPort}`;
      for (const p of pair.processes) groups.push({ component: p.component, role: 'data-plane', pids: [p.pid] });
      const version = await ctx.runner.run('haproxy', ['-v'], { allowFailure: true });
      tools['haproxy'] = /version (\S+)/.exec(version.stdout)?.[1] ?? 'unknown';
    }
    const verification = await verifyLocalPath({ targetUrl, tls: entryTls?.agent, pair, workload: ctx.scenario.workload, idleServices: idleServiceCount(ctx.scenario.workload) });
    const launcher = agentLauncher(ctx);
    return {
      targetUrl,
      ...(entryTls ? { agentTls: entryTls.agent } : {}),
      backend: {
        agentRunner: createLocalAgentRunner(launcher, (component, proc) => processes.add(component, proc, { endsOnItsOwn: true })),
        createMeter: () => new ProcessMeter({ groups, runner: ctx.runner }),
        checkComponents: async () => processes.failure(),
      },
      verification,
      runningVersion: tools['haproxy'] ?? null,
      tools,
      targetFacts: {},
      collectDiagnostics: async () => null,
      teardown: async () => {
        processes.markStopping();
        await stopPair();
        await chain.stop();
        processes.close();
      },
    };
  } catch (err) {
    processes.markStopping();
    await stopPair();
    await chain.stop();
    processes.close();
    throw err;
  }
}
