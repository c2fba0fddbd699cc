/**
 * Which external tools a run needs, by platform and target (pure): what `bench doctor` lists and
 * what the preflight step checks.
 */
import type { PlatformName, Target } from '../config/target-schema.ts';
import { kindReleaseForNodeImage } from '../config/release-pins.ts';
import { meshModuleFor } from '../mesh/mesh-registry.ts';
import { checkMeshVersionSupported } from '../mesh/mesh-version-support.ts';
import type { MeshPlanContext } from '../mesh/mesh.ts';
import { CONFIG_API_VERSION, ScenarioSchema } from '../config/scenario-schema.ts';
import type { ToolRequirement } from '../plan/tool-requirement.ts';

/** Options of {@link requiredTools}. */
export interface RequiredToolsOptions {
  platform: PlatformName;
  /** Without a target only the platform's own tools are listed. */
  target: Target | null;
  /** Context for the mesh module (versions, paths); a neutral one is used when absent. */
  meshContext?: MeshPlanContext | undefined;
}

function platformTools(platform: PlatformName, target: Target | null): ToolRequirement[] {
  switch (platform) {
    case 'kind': {
      // The node image digest belongs to one kind release: a different kind is reported (not blocking).
      const nodeImageKind = target ? kindReleaseForNodeImage(target.cluster.nodeImage) : null;
      return [
        {
          tool: 'kind',
          why: 'create, load images into and delete kind clusters',
          required: true,
          ...(nodeImageKind ? { pinnedVersion: nodeImageKind.kind, pinReason: `the node image ${nodeImageKind.image.split('@')[0]} is published for kind ${nodeImageKind.kind}` } : {}),
        },
        {
          tool: 'docker',
          why: 'run the kind nodes; pull and save the workload image for one platform (`docker save --platform` needs Docker 28+)',
          required: true,
          minimumVersion: '28.0.0',
        },
        { tool: 'kubectl', why: 'inspect a cluster kept with --keep (optional)', required: false },
      ];
    }
    case 'existing':
      return [{ tool: 'kubectl', why: 'inspect the run\'s namespaces (optional)', required: false }];
    case 'local': {
      const tools: ToolRequirement[] = [{ tool: 'node', why: 'run the order-service and the load agents', required: true }];
      if (target?.mesh.name === 'netns') {
        tools.push(
          { tool: 'ip', why: 'network namespaces, veths and routes of the netns targets (iproute2)', required: true },
          { tool: 'iptables', why: 'capture rules of the netns targets', required: true },
          { tool: 'iptables-save', why: 'read the capture rules back (verification)', required: true },
        );
        if (target.mesh.mode !== 'baseline') tools.push({ tool: 'haproxy', why: 'the netns proxies', required: true }, { tool: 'openssl', why: 'certificates of the netns proxies', required: true });
      }
      if (target?.mesh.name === 'haproxy') {
        tools.push({ tool: 'haproxy', why: 'the emulated sidecar pair', required: true }, { tool: 'openssl', why: 'certificates of the sidecar pair', required: true });
      }
      return tools;
    }
  }
}

function neutralMeshContext(target: Target, platform: PlatformName): MeshPlanContext {
  return {
    target,
    scenario: ScenarioSchema.parse({
      apiVersion: CONFIG_API_VERSION,
      kind: 'Scenario',
      name: 'doctor',
      requests: [{ name: 'get', method: 'GET', path: '/' }],
      load: { levels: [{ rps: 1 }], duration: '1s' },
    }),
    platform,
    meshVersion: null,
    namespace: 'meshbench',
    probeNamespace: 'meshbench-probe',
    clusterName: null,
    kubeconfigPath: '',
    toolsDir: null,
  };
}

/** Tools of the platform plus the target's mesh CLIs (Kubernetes platforms only). */
export function requiredTools(options: RequiredToolsOptions): ToolRequirement[] {
  const tools = platformTools(options.platform, options.target);
  const target = options.target;
  if (target && options.platform !== 'local' && target.mesh.name !== 'none' && target.mesh.name !== 'haproxy') {
    const ctx = options.meshContext ?? neutralMeshContext(target, options.platform);
    checkMeshVersionSupported({ target, meshVersion: ctx.meshVersion, platform: options.platform });
    // Mesh CLIs are required even without --install-mesh: verification uses them too.
    tools.push(...meshModuleFor(target.mesh).requiredTools(ctx));
  }
  return mergeRequirements(tools);
}

/**
 * One entry per tool, keeping the strictest requirement: required wins over optional (its reason
 * replaces the optional one's), and a pinned version or minimum is kept from whichever entry has it.
 */
export function mergeRequirements(tools: readonly ToolRequirement[]): ToolRequirement[] {
  const byTool = new Map<string, ToolRequirement>();
  for (const t of tools) {
    const seen = byTool.get(t.tool);
    if (!seen) {
      byTool.set(t.tool, { ...t });
      continue;
    }
    const strict = t.required && !seen.required ? { ...t } : seen;
    const other = strict === seen ? t : seen;
    byTool.set(t.tool, {
      ...strict,
      required: seen.required || t.required,
      pinnedVersion: strict.pinnedVersion ?? other.pinnedVersion,
      ...(strict.pinReason ?? other.pinReason ? { pinReason: strict.pinReason ?? other.pinReason } : {}),
      ...(strict.minimumVersion ?? other.minimumVersion ? { minimumVersion: strict.minimumVersion ?? other.minimumVersion } : {}),
    });
  }
  return [...byTool.values()];
}
