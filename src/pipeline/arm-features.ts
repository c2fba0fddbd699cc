/**
 * The scenario features of each arm of a run (docs/capability-matrix.md): which scenario an arm
 * runs (its own in a `--features-matrix` batch), the platform's statement for every feature it
 * switches on (refused when the target cannot do it, before anything starts), and what a
 * feature-matrix batch records in its results.
 */
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
}

/** The scenario an arm runs: its own in a feature matrix, else the run's. */
export function scenarioOf(options: ArmsOf, label: string): Scenario {
  return options.featureMatrix?.scenarios.get(label) ?? options.scenario;
}

/**
 * The platform's statement for every feature the scenario switches on; refuses (USAGE, naming the
 * feature and the mesh) any the target cannot do. Nothing is skipped silently.
 */
export function checkArmFeatures(options: { target: Target; platform: Platform; scenario: Scenario }): FeatureStatement[] {
  const { target } = options;
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
