/**
 * What a target says, at plan time, about each capability a scenario can switch on
 * (config/scenario-features.ts): supported, with the upstream mechanism that implements it, or
 * refused, with the reason. A run whose scenario switches on a refused feature stops before
 * anything starts, with a message naming the feature and the mesh; nothing is skipped silently.
 * The statements are shown in `--dry-run` and in docs/capability-matrix.md. Pure.
 */
import { activeFeatures, describeFeature, FEATURE_NAMES, type FeatureName } from '../config/scenario-features.ts';
import type { FeatureSpec } from '../config/scenario-schema.ts';
import { HarnessError } from '../errors.ts';

/**
 * - `supported`: the harness applies `mechanism` when the feature is on;
 * - `not-implemented`: the mesh has a way (`mechanism`), the harness does not apply it yet;
 * - `unsupported`: the mesh (or the target's mode) has no way to do it.
 */
export type FeatureSupport =
  | { status: 'supported'; mechanism: string; applies?: FeatureApplication }
  | { status: 'not-implemented'; mechanism: string }
  | { status: 'unsupported'; reason: string };

/**
 * How a supported feature reaches the data path on Kubernetes (docs/capability-matrix.md):
 * - `objects` (the default): separate resources (routes, policies, a canary Deployment) that can be
 *   applied before an arm and deleted after it, so arms interleave on one cluster;
 * - `workload`: it changes the pods or Services of the workload (an injection annotation), so
 *   switching it means new pods;
 * - `install`: it changes the mesh installation (install flags, an extension).
 */
export type FeatureApplication = 'objects' | 'workload' | 'install';

/** How a feature that is on is applied (`objects` unless its statement says otherwise). */
export function featureApplication(table: FeatureSupportTable, features: FeatureSpec, name: FeatureName): FeatureApplication | null {
  const support = supportOf(table, features, name);
  if (support?.status !== 'supported') return null;
  return support.applies ?? 'objects';
}

/** Features whose settings a mesh may support differently are stated per setting. */
export type FeatureSupportTable = Record<Exclude<FeatureName, 'authz' | 'telemetry'>, FeatureSupport> & {
  authz: { l4: FeatureSupport; l7: FeatureSupport };
  telemetry: { metrics: FeatureSupport; tracing: FeatureSupport };
};

/** The statement that applies to a feature at the scenario's setting (null when it is off). */
export function supportOf(table: FeatureSupportTable, features: FeatureSpec, name: FeatureName): FeatureSupport | null {
  if (name === 'authz') return features.authz === 'off' ? null : table.authz[features.authz];
  if (name === 'telemetry') return features.telemetry ? table.telemetry[features.telemetry.mode === 'tracing' ? 'tracing' : 'metrics'] : null;
  return table[name];
}

/** One line of a plan: a feature that is on and how the target does it. */
export interface FeatureStatement {
  feature: FeatureName;
  setting: string;
  mechanism: string;
}

/** Who states the support, for messages: e.g. `mesh istio (mode sidecar) on kind`. */
export interface FeatureSubject {
  targetName: string;
  mesh: string;
  mode: string;
}

function subjectText(subject: FeatureSubject): string {
  return `target ${subject.targetName} (mesh ${subject.mesh}, mode ${subject.mode})`;
}

/**
 * The statements of the features that are on; throws USAGE naming the first refused feature and
 * the mesh (and listing every other refused one).
 */
export function featureStatements(options: { features: FeatureSpec; table: FeatureSupportTable; subject: FeatureSubject }): FeatureStatement[] {
  const { features, table, subject } = options;
  const on = activeFeatures(features).map((name) => ({ name, support: supportOf(table, features, name) as FeatureSupport }));
  const refused = on.filter(({ support }) => support.status !== 'supported');
  if (refused.length > 0) {
    const why = ({ support }: { support: FeatureSupport }) =>
      support.status === 'unsupported'
        ? `mesh ${subject.mesh} does not support it: ${support.reason}`
        : `mesh ${subject.mesh} does it with ${support.mechanism}, which meshbench does not apply yet`;
    const lines = refused.map((r) => `${describeFeature(features, r.name)}: ${why(r)}`);
    const first = refused[0] as { name: FeatureName; support: FeatureSupport };
    const others = refused.slice(1).map((r) => r.name);
    throw new HarnessError('USAGE', `feature ${describeFeature(features, first.name)} is not available on ${subjectText(subject)}: ${why(first)}`, {
      hint: `${others.length ? `also refused: ${others.join(', ')}; ` : ''}switch it off in the scenario's features, or pick a target that supports it (docs/capability-matrix.md)`,
      details: lines,
    });
  }
  return on.map(({ name, support }) => ({ feature: name, setting: describeFeature(features, name), mechanism: support.status === 'supported' ? support.mechanism : '' }));
}

/** The table as rows, one per feature setting, in feature order (for docs and tests). */
export function featureSupportRows(table: FeatureSupportTable): Array<{ feature: string; support: FeatureSupport }> {
  return FEATURE_NAMES.flatMap((feature) => {
    if (feature === 'authz') return [{ feature: 'authz: l4', support: table.authz.l4 }, { feature: 'authz: l7', support: table.authz.l7 }];
    if (feature === 'telemetry') return [{ feature: 'telemetry: metrics', support: table.telemetry.metrics }, { feature: 'telemetry: tracing', support: table.telemetry.tracing }];
    return [{ feature, support: table[feature] }];
  });
}

/** A table where every feature is unsupported for the same reason (a target without a proxy). */
export function noFeatureSupport(reason: string): FeatureSupportTable {
  const no: FeatureSupport = { status: 'unsupported', reason };
  return {
    authz: { l4: no, l7: no },
    retries: no,
    timeouts: no,
    accessLog: no,
    upstreamHttp2: no,
    telemetry: { metrics: no, tracing: no },
    trafficSplit: no,
    outlierDetection: no,
    configScope: no,
  };
}
