/**
 * The scenario features of each arm of a run (docs/capability-matrix.md): which scenario an arm
 * runs (its own in a `--features-matrix` batch), the platform's statement for every feature it
 * switches on (refused when the target cannot do it, before anything starts), and what a
 * feature-matrix batch records in its results.
 */
import { isIdleSweep } from '../config/idle-services.ts';
import { describeFeature, type FeatureName } from '../config/scenario-features.ts';
import type { Scenario } from '../config/scenario-schema.ts';
import type { PlatformName, Target } from '../config/target-schema.ts';
import { HarnessError } from '../errors.ts';
import { type FeatureStatement, featureStatements } from '../plan/feature-support.ts';
import type { Platform } from '../platform/platform.ts';
import type { Batch } from '../results/result-schema.ts';

/** The scenarios and features of a feature matrix, by arm label (RunOptions.featureMatrix). */
export interface FeatureMatrixArms {
  scenarios: ReadonlyMap<string, Scenario>;
  /** The feature each arm switches on (a feature set's name when it switches several); null for the reference arm. */
  features: ReadonlyMap<string, FeatureName | string | null>;
  /** Each arm's setting as a sentence, when the arms come from a scenario's feature sets. */
  settings?: ReadonlyMap<string, string> | undefined;
}

interface ArmsOf {
  scenario: Scenario;
  featureMatrix?: FeatureMatrixArms | undefined;
  idleSweep?: ReadonlyMap<string, Scenario> | undefined;
}

/** The scenario an arm runs: its own in a feature matrix or an idle-services sweep, else the run's. */
export function scenarioOf(options: ArmsOf, label: string): Scenario {
  return options.featureMatrix?.scenarios.get(label) ?? options.idleSweep?.get(label) ?? options.scenario;
}

/** What an idle-services sweep records in its results: each arm's count. */
export function idleSweepRecord(sweep: ReadonlyMap<string, Scenario>): Record<string, number> {
  return Object.fromEntries([...sweep].map(([label, s]) => [label, typeof s.workload.idleServices === 'number' ? s.workload.idleServices : 0]));
}

/** Refuses a sweep scenario (a list of idle-service counts) whose arms were not split out. */
export function checkIdleSweep(options: ArmsOf & { arms: readonly string[] }): void {
  if (!isIdleSweep(options.scenario)) return;
  const missing = options.arms.filter((label) => !options.idleSweep?.has(label));
  if (!options.idleSweep || options.arms.length === 0 || missing.length > 0) {
    throw new HarnessError('USAGE', `scenario "${options.scenario.name}" lists workload.idleServices [${(options.scenario.workload.idleServices as number[]).join(', ')}]: each value is an arm of its own`, {
      hint: 'run it with bench run, which makes the arms (idle-<n>); do not combine it with --arms or --features-matrix',
    });
  }
}

/**
 * The platform's statement for every feature the scenario switches on; refuses (USAGE, naming the
 * feature and the mesh) any the target cannot do. Nothing is skipped silently.
 */
export function checkArmFeatures(options: { target: Target; platform: Platform; scenario: Scenario }): FeatureStatement[] {
  const { target, scenario } = options;
  // The split routes to `order` and its `order-canary` copy; a fan-out has `gateway` and order-1…K.
  if (scenario.features.trafficSplit && scenario.workload.topology === 'fan-out') {
    throw new HarnessError('USAGE', `feature trafficSplit cannot run with workload.topology fan-out on target ${target.name}: the split needs the one order service of a chain, and a fan-out has a gateway and order-1…${scenario.workload.fanOut ?? 'K'}`, {
      hint: 'measure trafficSplit on a chain (workload.topology: chain), and the fan-out without it',
    });
  }
  return featureStatements({
    features: options.scenario.features,
    table: options.platform.featureSupport(target),
    subject: { targetName: target.name, mesh: target.mesh.name, mode: target.mesh.mode },
  });
}

/** What a feature-matrix batch records: the feature each arm switches on, and its setting. */
export function featureMatrixRecord(options: ArmsOf): NonNullable<Batch['featureMatrix']> {
  const features = [...(options.featureMatrix?.features ?? new Map<string, string | null>())];
  const settings = options.featureMatrix?.settings;
  return {
    features: Object.fromEntries(features),
    settings: Object.fromEntries(
      features.map(([label, feature]) => [
        label,
        settings?.get(label) ?? (feature ? describeFeature(scenarioOf(options, label).features, feature as FeatureName) : 'the listed features off'),
      ]),
    ),
  };
}

/**
 * Refuses a feature matrix where it cannot run (before anything is planned or started): locally
 * every arm runs its own processes; on Kubernetes the platform switches one cluster between the
 * arms' feature sets (it refuses features that cannot switch that way).
 */
export function checkFeatureMatrix(options: ArmsOf & { platform: PlatformName; arms: readonly string[]; switchable?: boolean }): void {
  if (!options.featureMatrix) return;
  if (options.platform !== 'local' && !options.switchable) {
    throw new HarnessError('USAGE', `--features-matrix cannot run on the ${options.platform} platform`, {
      hint: 'it runs on local, kind and existing; see docs/capability-matrix.md',
    });
  }
  const missing = options.arms.filter((label) => !options.featureMatrix?.scenarios.has(label));
  if (missing.length > 0) throw new HarnessError('INTERNAL', `feature matrix: no scenario for arm(s) ${missing.join(', ')}`);
}
