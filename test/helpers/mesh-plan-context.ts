/** MeshPlanContext for mesh tests, from the shipped target files and the default scenario. */
import { join } from 'node:path';
import { loadScenario, loadTarget } from '../../src/config/config-files.ts';
import type { Scenario } from '../../src/config/scenario-schema.ts';
import type { PlatformName } from '../../src/config/target-schema.ts';
import type { MeshPlanContext } from '../../src/mesh/mesh.ts';

const ROOT = join(import.meta.dirname, '../..');

export function meshPlanContext(options: {
  target: string;
  features?: Partial<Scenario['features']>;
  meshVersion?: string;
  platform?: PlatformName;
  toolsDir?: string | null;
  /** Services in the chain (the default scenario's 3 unless given). */
  chainDepth?: number;
}): MeshPlanContext {
  const target = loadTarget(options.target, ROOT).spec;
  const scenario = loadScenario('default', ROOT).spec;
  const version = 'version' in target.mesh ? target.mesh.version : null;
  return {
    target,
    scenario: {
      ...scenario,
      features: { ...scenario.features, ...options.features },
      workload: { ...scenario.workload, chainDepth: options.chainDepth ?? scenario.workload.chainDepth },
    },
    platform: options.platform ?? 'kind',
    meshVersion: options.meshVersion ?? version,
    namespace: 'bench-run1',
    probeNamespace: 'bench-run1-probe',
    clusterName: 'meshbench-run1',
    kubeconfigPath: '/tmp/meshbench-run1/kubeconfig',
    toolsDir: options.toolsDir ?? null,
  };
}
