/**
 * The plan of a run on a Kubernetes platform (kind or existing), pure: every command with its
 * arguments and every manifest, in order, plus the teardown. `bench run --dry-run` prints it and
 * executePlanSteps runs it, so what a reader checks is what runs.
 *
 * kind: preflight (kind, docker, mesh CLIs) → kind config + `kind create cluster` → nodes Ready →
 * image preload → mesh install (nodes Ready after it when the target brings its own CNI) →
 * namespaces (workload enrolled, probe not) → mesh workload objects → script ConfigMaps →
 * ServiceAccounts (one per service and the load agent), order-service Services and Deployments
 * on the server worker → rollouts → mesh verification → measure (load-agent Jobs on the client
 * worker) → teardown `kind delete cluster`.
 * existing: the same without provisioning; the context is exported and checked first, and the
 * mesh installed only with --install-mesh (else checked); teardown deletes the run's namespaces.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { LOAD_TLS_FILE_FIELDS, type LoadTlsSpec, usesOwnCertificates } from '../../config/load-tls-schema.ts';
import type { Scenario } from '../../config/scenario-schema.ts';
import { describeFsError, HarnessError } from '../../errors.ts';
import { agentTlsSpec, entryTlsSecrets, type LoadTlsFileContents } from '../../workload/kube-entry-tls.ts';
import type { Target } from '../../config/target-schema.ts';
import { agentDeadlineMs, defaultPodStartMarginMs } from './kube-agent-runner.ts';
import type { KubeCluster } from './kube-cluster.ts';
import { shortRunId } from './short-run-id.ts';
import { meshModuleFor } from '../../mesh/mesh-registry.ts';
import type { MeshPlanContext } from '../../mesh/mesh.ts';
import { toolsCheckParams } from '../platform-checks.ts';
import { requiredTools } from '../required-tools.ts';
import { scenarioContentHash } from '../../results/new-result.ts';
import { idleServiceCount } from '../../config/idle-services.ts';
import { serviceUrl } from '../../workload/kube-chain.ts';
import { idleNamespaceName, idleServiceManifests } from '../../workload/kube-idle-services.ts';
import { describeServiceGraph, serviceNames } from '../../workload/service-chain.ts';
import { namespaceManifests } from '../../workload/kube-namespaces.ts';
import { agentJobManifest } from '../../workload/kube-agent-job.ts';
import { orderServiceManifests } from '../../workload/kube-order-service.ts';
import { featureObjectsStep, refuseInstallFeatures, withServiceAnnotations } from './feature-objects-step.ts';
import { serviceAccountManifests } from '../../workload/kube-service-accounts.ts';
import { AGENT_SCRIPT, ORDER_SERVICE_SCRIPT, scriptConfigMap, scriptSha256, type WorkloadScripts } from '../../workload/kube-scripts.ts';
import type { AgentSpec } from '../../plan/agent-protocol.ts';
import type { KubeObject, PlanAction, PlanStep, RunPlan } from '../../plan/plan-types.ts';
import { measurementPlan } from '../../plan/measurement-plan.ts';

/** Options of {@link planKubeRun}. */
export interface PlanKubeRunOptions {
  target: Target;
  scenario: Scenario;
  /** The Kubernetes platform: how its cluster comes and goes (kind/, existing/). */
  cluster: KubeCluster;
  runId: string;
  resultPath: string;
  /** Mesh version to install (target pin or --mesh-version). */
  meshVersion: string | null;
  /** existing: the context to use (null = current); kind: ignored. */
  context: string | null;
  /** existing: install the mesh (--install-mesh); kind: always installed. */
  installMesh: boolean;
  /** --keep: no teardown steps (the run says how to clean up by hand). */
  keep: boolean;
  /** The run's own folder: kind config, kubeconfig. */
  workDir: string;
  /** Bundled scripts (bundleWorkloadScripts); null for a dry run that did not bundle. */
  scripts: WorkloadScripts | null;
  /** existing: the user's kubeconfig (file or list); null = $KUBECONFIG or ~/.kube/config at run time. */
  userKubeconfig?: string | null | undefined;
  /** Pinned mesh CLIs (bench tools install), or null for PATH. */
  toolsDir?: string | null | undefined;
  /** Plan creation time (ISO); default now. */
  createdAt?: string | undefined;
  /** Deadline of each Deployment rollout; default {@link ROLLOUT_TIMEOUT_MS}. */
  rolloutTimeoutMs?: number | undefined;
  /** The arm's control-plane revision when arms share one cluster (MeshPlanContext.revision). */
  revision?: string | null | undefined;
  /**
   * This arm joins a cluster another arm of the batch provisions and deletes (shared-cluster
   * arms): no provisioning and, on kind, no teardown of its own.
   */
  joinCluster?: { clusterName: string; kubeconfigPath: string } | null | undefined;
}

/** Deadline of each Deployment rollout. */
export const ROLLOUT_TIMEOUT_MS = 5 * 60_000;

/** Names derived from the run id. */
export function kubeRunNames(cluster: KubeCluster, target: Target, runId: string): { namespace: string; probeNamespace: string; clusterName: string | null } {
  const namespace = `meshbench-${shortRunId(runId)}`;
  return { namespace, probeNamespace: `${namespace}-probe`, clusterName: cluster.clusterName(target, runId) };
}

function placeholderScript(entry: string): string {
  return `// bundled at run time by esbuild from ${entry}\n`;
}

function deploySteps(options: PlanKubeRunOptions, ctx: MeshPlanContext): PlanStep[] {
  const { target, scenario, runId } = options;
  const platform = options.cluster.name;
  const mesh = meshModuleFor(target.mesh);
  const enrol = mesh.namespaceMetadata(ctx);
  const namespaces = namespaceManifests({
    namespace: ctx.namespace,
    probeNamespace: ctx.probeNamespace,
    runId,
    // The mesh module merges the target's own enrol entries (mergeEnrolment).
    enrolLabels: enrol.labels,
    enrolAnnotations: enrol.annotations,
  });
  const orderText = options.scripts?.orderService ?? placeholderScript('src/service/order-service-main.ts');
  const agentText = options.scripts?.agent ?? placeholderScript('src/load/agent-main.ts');
  const configMaps: KubeObject[] = [
    scriptConfigMap({ script: ORDER_SERVICE_SCRIPT, text: orderText, namespace: ctx.namespace, runId }),
    scriptConfigMap({ script: AGENT_SCRIPT, text: agentText, namespace: ctx.namespace, runId }),
  ];
  const chain = orderServiceManifests({ scenario, namespace: ctx.namespace, platform, runId, scriptSha256: scriptSha256(orderText) });
  const tlsSecrets = scenario.load.tls ? entryTlsSecrets({ tls: scenario.load.tls, files: readLoadTlsFiles(scenario.load.tls), namespace: ctx.namespace, runId }) : [];
  const { deployments } = chain;
  const services = withServiceAnnotations(chain.services, mesh.serviceAnnotations?.(ctx) ?? {});
  const serviceAccounts = serviceAccountManifests({ chainDepth: scenario.workload.chainDepth, fanOut: scenario.workload.fanOut, namespace: ctx.namespace, runId });
  const meshObjects = mesh.workloadObjects(ctx);
  const steps: PlanStep[] = [
    {
      id: 'namespaces',
      phase: 'deploy',
      title: `create namespace ${ctx.namespace} (enrolled in ${target.mesh.name}) and probe namespace ${ctx.probeNamespace} (not enrolled)`,
      actions: [{ kind: 'apply', description: 'workload and probe namespaces', manifests: namespaces }],
    },
  ];
  if (meshObjects.manifests.length > 0 || meshObjects.actions.length > 0) {
    const actions: PlanStep['actions'] = [];
    if (meshObjects.manifests.length > 0) actions.push({ kind: 'apply', description: `${target.mesh.name} objects of the workload`, manifests: meshObjects.manifests });
    actions.push(...meshObjects.actions);
    steps.push({ id: 'mesh-workload-objects', phase: 'deploy', title: `${target.mesh.name} objects for the workload`, actions });
  }
  steps.push(
    {
      id: 'scripts',
      phase: 'deploy',
      title: 'ConfigMaps with the bundled order-service and load agent',
      actions: [{ kind: 'apply', description: 'bundled scripts (run by the stock Node image)', manifests: configMaps }],
    },
    {
      id: 'workload',
      phase: 'deploy',
      title: `deploy the services ${describeServiceGraph(scenario.workload)}`,
      actions: [
        {
          kind: 'apply',
          description: `ServiceAccounts (one per service and the load agent), ${tlsSecrets.length > 0 ? `Secrets ${tlsSecrets.map((o) => o.metadata.name).join(', ')} (load.tls: the entry's certificate, the agents' CA${scenario.load.tls?.requireClientCertificate ? ' and client certificate' : ''}), ` : ''}Services and Deployments of the order-service ${scenario.workload.fanOut !== undefined ? `fan-out (the gateway calls ${scenario.workload.fanOut} services in parallel)` : 'chain'}`,
          manifests: [...serviceAccounts, ...tlsSecrets, ...services, ...deployments],
        },
      ],
    },
    {
      id: 'workload-ready',
      phase: 'deploy',
      title: 'wait for the service chain to be ready',
      actions: deployments.map((d) => ({
        kind: 'wait' as const,
        description: `Deployment ${d.metadata.name} rolled out`,
        condition: { type: 'rollout' as const, namespace: ctx.namespace, workloadKind: 'Deployment' as const, name: d.metadata.name },
        timeoutMs: options.rolloutTimeoutMs ?? ROLLOUT_TIMEOUT_MS,
      })),
    },
  );
  const features = featureObjectsStep({ ctx, deployments, services, rolloutTimeoutMs: options.rolloutTimeoutMs ?? ROLLOUT_TIMEOUT_MS });
  if (features) steps.push(features);
  steps.push(...idleServiceSteps(options, ctx));
  return steps;
}

/**
 * `workload.idleServices`: one idle pod and N Services selecting it, in a namespace of their own
 * (docs/topology.md), applied before the measurement so the control plane has pushed them.
 */
function idleServiceSteps(options: PlanKubeRunOptions, ctx: MeshPlanContext): PlanStep[] {
  const count = idleServiceCount(options.scenario.workload);
  if (count === 0) return [];
  const idle = idleServiceManifests({ count, namespace: ctx.namespace, runId: options.runId, platform: options.cluster.name });
  const scoped = options.scenario.features.configScope === 'namespace';
  return [
    {
      id: 'idle-services',
      phase: 'deploy',
      title: `add ${count} idle Services in namespace ${idle.namespace.metadata.name} (one idle pod selected by all of them)${scoped ? '; the workload\'s proxies are scoped to their own namespace' : ''}`,
      actions: [
        {
          kind: 'apply',
          description: `Namespace ${idle.namespace.metadata.name} (not enrolled), Deployment ${idle.deployment.metadata.name} (1 replica, 10m CPU), ${count} ClusterIP Services (each with its EndpointSlice: what grows the proxies' configuration)`,
          manifests: [idle.namespace, idle.deployment, ...idle.services],
        },
        {
          kind: 'wait',
          description: `Deployment ${idle.deployment.metadata.name} rolled out (its endpoints are in every idle Service)`,
          condition: { type: 'rollout', namespace: idle.namespace.metadata.name, workloadKind: 'Deployment', name: idle.deployment.metadata.name },
          timeoutMs: options.rolloutTimeoutMs ?? ROLLOUT_TIMEOUT_MS,
        },
      ],
    },
  ];
}

/**
 * Records the load-agent Job of the first level's first agent in the run's folder, so the dry run
 * shows the manifest the measurement creates per agent and repetition (its name, start time and
 * spec vary).
 */
function agentJobTemplateStep(input: { options: PlanKubeRunOptions; namespace: string; targetUrl: string }): PlanStep {
  const { options, namespace, targetUrl } = input;
  const { scenario } = options;
  const platform = options.cluster.name;
  const load = scenario.load;
  const spec: AgentSpec = {
    targetUrl,
    rps: (load.levels[0]?.rps ?? 0) / load.agents,
    engine: load.engine,
    arrival: load.arrival,
    connections: load.connections,
    warmupMs: load.warmupMs,
    durationMs: load.durationMs,
    timeoutMs: load.timeoutMs,
    maxQueuedRequests: load.maxQueuedRequests,
    threads: load.threads,
    ...(load.protocol === undefined || load.protocol === 'http1' ? {} : { protocol: load.protocol, maxStreams: load.maxStreams }),
    ...(load.tls ? { tls: agentTlsSpec(load.tls) } : {}),
    requests: scenario.requests,
    seedOrders: scenario.workload.seedOrders,
    seed: load.seed,
    agentIndex: 0,
    startAtMs: 0,
  };
  const deadlineSeconds = Math.ceil(agentDeadlineMs(spec, defaultPodStartMarginMs(platform)) / 1000);
  const job = agentJobManifest({ name: 'agent-r001-a0', namespace, platform, runId: options.runId, spec, deadlineSeconds });
  return {
    id: 'agent-job-template',
    phase: 'deploy',
    title: 'record the load-agent Job template (one Job per agent per repetition)',
    actions: [
      {
        kind: 'write-file',
        description: 'the first Job of the measurement; later ones differ in name, start time and rate',
        path: join(options.workDir, 'agent-job.example.yaml'),
        content: stringify(job, { lineWidth: 0, aliasDuplicateObjects: false }),
        mode: 0o644,
      },
    ],
  };
}

/**
 * load.tls on Kubernetes: the entry serves the scenario's own certificate; the run issues
 * certificates only on the local platform (where openssl runs beside it), so a scenario without
 * serverCertFile is refused here, as is a file that cannot be read (exit 2).
 */
function readLoadTlsFiles(tls: LoadTlsSpec): LoadTlsFileContents {
  if (!usesOwnCertificates(tls)) {
    throw new HarnessError('USAGE', 'load.tls on kind and existing needs your own certificates: serverCertFile and serverKeyFile (what the entry serves) and caFile (what the agents trust)', {
      hint: 'the run issues certificates itself only on --platform local; docs/kubernetes.md (HTTPS entry) shows how to make a test CA and certificate with openssl',
    });
  }
  const files: LoadTlsFileContents = {};
  for (const field of LOAD_TLS_FILE_FIELDS) {
    const path = tls[field];
    if (path === undefined) continue;
    try {
      files[field] = readFileSync(path);
    } catch (err) {
      throw new HarnessError('USAGE', `load.tls.${field} ${path}: ${describeFsError(err)}`);
    }
  }
  return files;
}

/**
 * A mesh check that sends plaintext HTTP to the entry proves nothing when the entry itself speaks
 * TLS: the entry's TLS server would refuse the plaintext as a strict mesh does. Such a run is
 * refused at plan time rather than verified by accident.
 */
function refuseBlindTlsChecks(options: { target: Target; scenario: Scenario; entry: string; namespace: string; verification: readonly PlanAction[] }): void {
  const entryAddress = `//${options.entry}.${options.namespace}.svc.cluster.local:`;
  const blind = options.verification.find((a) => a.kind === 'check' && typeof a.params?.['url'] === 'string' && (a.params['url'] as string).includes(entryAddress));
  if (blind?.kind !== 'check') return;
  throw new HarnessError(
    'USAGE',
    `scenario "${options.scenario.name}" serves its entry service "${options.entry}" over TLS (load.tls), but target "${options.target.name}" proves mTLS with check "${blind.check}", which sends plaintext HTTP to that service: its own TLS would refuse the plaintext, so the check would pass without evidence of the mesh`,
    { hint: 'use workload.chainDepth 2 or more (the gateway is then the TLS entry and the check probes the cleartext order service behind it), or features.mtls: permissive' },
  );
}

/** The complete plan of a kind or existing run. */
export function planKubeRun(options: PlanKubeRunOptions): RunPlan {
  const { target, scenario, runId, cluster } = options;
  const platform = cluster.name;
  const own = kubeRunNames(cluster, target, runId);
  const joined = options.joinCluster ?? null;
  const names = joined ? { ...own, clusterName: joined.clusterName } : own;
  const kubeconfigPath = joined ? joined.kubeconfigPath : join(options.workDir, 'kubeconfig');
  const ctx: MeshPlanContext = {
    target,
    scenario,
    platform,
    meshVersion: options.meshVersion,
    namespace: names.namespace,
    probeNamespace: names.probeNamespace,
    clusterName: names.clusterName,
    kubeconfigPath,
    toolsDir: options.toolsDir ?? null,
    revision: options.revision ?? null,
  };
  const mesh = meshModuleFor(target.mesh);
  const installMesh = cluster.installsMesh(options.installMesh);
  if (!installMesh) refuseInstallFeatures({ target, scenario, platform });
  const tools = requiredTools({ platform, target, meshContext: ctx });
  const steps: PlanStep[] = [
    {
      id: 'preflight-tools',
      phase: 'preflight',
      title: `check the required tools: ${tools.filter((t) => t.required).map((t) => t.tool).join(', ') || 'none'}`,
      actions: [{ kind: 'check', description: 'required tools are on PATH (versions recorded in the result)', check: 'tools', params: toolsCheckParams(platform, tools) }],
    },
  ];
  // A joined cluster (and its kubeconfig) come from the arm that provisions it.
  if (!joined) {
    steps.push(
      ...cluster.provisionSteps({ target, clusterName: names.clusterName, kubeconfigPath, workDir: options.workDir, userKubeconfig: options.userKubeconfig ?? null, context: options.context }),
    );
  }
  if (installMesh) {
    steps.push(...mesh.planInstall(ctx), ...cluster.afterMeshInstallSteps(target));
  } else if (target.mesh.name !== 'none') {
    steps.push(cluster.meshPresentStep(target.mesh, options.meshVersion));
  }
  const entry = serviceNames(scenario.workload)[0] ?? 'order';
  const verification = mesh.planVerification(ctx);
  if (scenario.load.tls) refuseBlindTlsChecks({ target, scenario, entry, namespace: names.namespace, verification });
  steps.push(...deploySteps(options, ctx));
  const plainUrl = serviceUrl(entry, names.namespace);
  const targetUrl = scenario.load.tls ? plainUrl.replace(/^http:/, 'https:') : plainUrl;
  steps.push(agentJobTemplateStep({ options, namespace: names.namespace, targetUrl }));
  if (verification.length > 0) {
    steps.push({ id: 'verify', phase: 'verify', title: `verify the data path (${target.mesh.name})`, actions: verification });
  }
  const load = scenario.load;
  steps.push({
    id: 'measure',
    phase: 'measure',
    title: `measure ${load.levels.length} level(s) × ${load.repetitions} repetition(s) with ${load.agents} load agent Job(s) per repetition`,
    actions: [
      {
        kind: 'measure',
        description: `per repetition: ${load.agents} agent Job(s) on the ${cluster.agentPlacement}, warm-up ${load.warmupMs} ms, window ${load.durationMs} ms; kubelet counters sampled every 5 s`,
        measurement: { ...measurementPlan(scenario, targetUrl), ...(load.tls ? { agentTls: agentTlsSpec(load.tls) } : {}) },
      },
    ],
  });
  let teardown: PlanStep[] = [];
  if (!options.keep) {
    // A joined kind cluster is deleted with everything in it by the arm that created it.
    teardown =
      joined && names.clusterName
        ? [{ id: 'joined-cluster', phase: 'teardown', title: `nothing of its own: cluster ${names.clusterName} is deleted by the arm that created it`, actions: [] }]
        : cluster.teardownSteps({ clusterName: names.clusterName, kubeconfigPath, namespaces: [names.namespace, names.probeNamespace, ...(idleServiceCount(scenario.workload) > 0 ? [idleNamespaceName(names.namespace)] : [])] });
  }
  const clusterInfo = cluster.clusterInfo({ clusterName: names.clusterName, context: options.context });
  return {
    runId,
    createdAt: options.createdAt ?? new Date().toISOString(),
    platform,
    target: { name: target.name, mesh: target.mesh.name, mode: target.mesh.mode, version: options.meshVersion },
    scenario: { name: scenario.name, contentHash: scenarioContentHash(scenario) },
    cluster: { name: clusterInfo.name, kubeconfigPath, context: clusterInfo.context },
    namespace: names.namespace,
    resultPath: options.resultPath,
    steps,
    teardown,
  };
}
