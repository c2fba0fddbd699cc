/**
 * The switchable mesh capabilities of a scenario (`features`, scenario-schema.ts) as a list: which
 * are on, how each is described, and the feature sets of a `--features-matrix` batch (one arm with
 * the listed features off, one arm per feature with it on). Pure. mTLS is not in the list: it is
 * the target's promise, checked by verification, not an optional capability.
 */
import type { FeatureSpec, Scenario } from './scenario-schema.ts';

/** The capabilities a target must state support for, in report order. */
export const FEATURE_NAMES = ['authz', 'retries', 'timeouts', 'accessLog', 'upstreamHttp2', 'telemetry', 'trafficSplit', 'outlierDetection', 'configScope'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Whether a feature is switched on in a resolved feature set. */
export function isFeatureOn(features: FeatureSpec, name: FeatureName): boolean {
  switch (name) {
    case 'authz':
      return features.authz !== 'off';
    case 'accessLog':
      return features.accessLog;
    case 'upstreamHttp2':
      return features.upstreamHttp2;
    default:
      return features[name] !== null;
  }
}

/** The features that are on, in {@link FEATURE_NAMES} order. */
export function activeFeatures(features: FeatureSpec): FeatureName[] {
  return FEATURE_NAMES.filter((name) => isFeatureOn(features, name));
}

/** A one-line description of a feature's setting, e.g. `retries: 2 attempts on connect-failure, gateway-error`. */
export function describeFeature(features: FeatureSpec, name: FeatureName): string {
  switch (name) {
    case 'authz':
      return `authz: ${features.authz}`;
    case 'retries': {
      const r = features.retries;
      if (!r) return 'retries: off';
      return `retries: ${r.attempts} on ${r.on.join(', ')}${r.perTryTimeoutMs === null ? '' : `, ${r.perTryTimeoutMs} ms per try`}`;
    }
    case 'timeouts':
      return features.timeouts ? `timeouts: request ${features.timeouts.requestMs} ms` : 'timeouts: off';
    case 'accessLog':
      return `accessLog: ${features.accessLog ? 'on' : 'off'}`;
    case 'upstreamHttp2':
      return `upstreamHttp2: ${features.upstreamHttp2 ? 'on' : 'off'}`;
    case 'telemetry': {
      const t = features.telemetry;
      if (!t) return 'telemetry: off';
      return t.mode === 'tracing' ? `telemetry: tracing at ${t.samplingPct}% sampling` : 'telemetry: metrics';
    }
    case 'trafficSplit':
      return features.trafficSplit ? `trafficSplit: ${features.trafficSplit.canaryWeightPct}% to the canary` : 'trafficSplit: off';
    case 'outlierDetection': {
      const o = features.outlierDetection;
      return o ? `outlierDetection: eject after ${o.consecutive5xx} consecutive 5xx for ${o.ejectionTimeMs} ms` : 'outlierDetection: off';
    }
    case 'configScope':
      return `configScope: ${features.configScope ?? 'off'}`;
  }
}

/**
 * The setting a matrix arm uses for a feature the scenario leaves off: the mesh defaults a user
 * would start from (Istio's retry default is 2 attempts on connect-failure and 503 class errors).
 */
const MATRIX_DEFAULTS: { [K in FeatureName]: FeatureSpec[K] } = {
  authz: 'l7',
  retries: { attempts: 2, perTryTimeoutMs: null, on: ['connect-failure', 'gateway-error'] },
  timeouts: { requestMs: 5_000 },
  accessLog: true,
  upstreamHttp2: true,
  telemetry: { mode: 'metrics', samplingPct: null },
  trafficSplit: { canaryWeightPct: 10 },
  outlierDetection: { consecutive5xx: 5, ejectionTimeMs: 30_000 },
  configScope: 'namespace',
};

const OFF: { [K in FeatureName]: FeatureSpec[K] } = {
  authz: 'off',
  retries: null,
  timeouts: null,
  accessLog: false,
  upstreamHttp2: false,
  telemetry: null,
  trafficSplit: null,
  outlierDetection: null,
  configScope: null,
};

function withFeature<K extends FeatureName>(features: FeatureSpec, name: K, value: FeatureSpec[K]): FeatureSpec {
  return { ...features, [name]: value };
}

/** Label of the matrix arm with every listed feature off. */
export const FEATURES_OFF_ARM = 'features-off';

/** One arm of a feature matrix: its label, the scenario it runs, and the feature it switches on. */
export interface FeatureArm {
  label: string;
  /** The feature this arm switches on, or null for the reference arm. */
  feature: FeatureName | null;
  scenario: Scenario;
}

/** Parses `retries,accessLog` into feature names; throws a message naming the unknown one. */
export function parseFeatureList(text: string): FeatureName[] {
  const names = text.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(FEATURE_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new RangeError(`unknown feature "${unknown[0]}"; the features are ${FEATURE_NAMES.join(', ')}`);
  if (names.length === 0) throw new RangeError(`no feature named; the features are ${FEATURE_NAMES.join(', ')}`);
  if (new Set(names).size !== names.length) throw new RangeError(`a feature is listed twice in "${text}"`);
  return names as FeatureName[];
}

/**
 * The arms of a feature matrix: first the reference with every listed feature off (the scenario's
 * other features stay as written), then one arm per listed feature with only it switched on, at the
 * scenario's own setting when it has one, else {@link MATRIX_DEFAULTS}.
 */
export function featureMatrixArms(scenario: Scenario, names: readonly FeatureName[]): FeatureArm[] {
  let off = scenario.features;
  for (const name of names) off = withFeature(off, name, OFF[name]);
  const reference: FeatureArm = { label: FEATURES_OFF_ARM, feature: null, scenario: { ...scenario, features: off } };
  return [
    reference,
    ...names.map((name): FeatureArm => {
      const own = scenario.features[name];
      const value = isFeatureOn(scenario.features, name) ? own : MATRIX_DEFAULTS[name];
      return { label: name, feature: name, scenario: { ...scenario, features: withFeature(off, name, value) } };
    }),
  ];
}

/**
 * The arms of a scenario that lists feature sets (`featureSets`): one arm per set, in order, the
 * first the reference. Each arm runs the scenario with the set's features (the scenario's own when
 * the set names none) and without the list. `feature` is the one feature a set switches relative
 * to the reference when it switches exactly one (so the report can price it), else null for the
 * reference and the set's name for a set that differs in several; `setting` says what differs.
 */
export function featureSetArms(scenario: Scenario): Array<Omit<FeatureArm, 'feature'> & { feature: string | null; setting: string }> {
  const sets = scenario.featureSets ?? [];
  const { featureSets: _sets, ...plain } = scenario;
  const reference = sets[0]?.features ?? scenario.features;
  return sets.map((set, index) => {
    const features = set.features ?? scenario.features;
    const differing = FEATURE_NAMES.filter((name) => JSON.stringify(features[name]) !== JSON.stringify(reference[name]));
    const only = differing.length === 1 ? differing[0] : undefined;
    return {
      label: set.name,
      feature: index === 0 ? null : (only ?? set.name),
      setting: index === 0 ? `the reference feature set ${set.name}` : differing.length === 0 ? 'the same features as the reference' : differing.map((name) => describeFeature(features, name)).join('; '),
      scenario: { ...plain, features },
    };
  });
}
