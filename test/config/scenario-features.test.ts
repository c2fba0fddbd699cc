import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/config-files.ts';
import {
  activeFeatures,
  describeFeature,
  FEATURES_OFF_ARM,
  featureMatrixArms,
  featureSetArms,
  parseFeatureList,
} from '../../src/config/scenario-features.ts';
import { ConfigError } from '../../src/errors.ts';
import { createHash } from 'node:crypto';
import { scenarioContentHash, stableStringify } from '../../src/results/new-result.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = `apiVersion: meshbench/v1alpha1
kind: Scenario
name: tiny
requests:
  - { name: get, method: GET, path: "/orders/{id}" }
load:
  levels: [{ rps: 100 }]
  duration: 2s
`;

function load(name: string, features: string) {
  const file = join(dir, name);
  writeFileSync(file, `${HEAD}features:\n${features}`);
  return loadScenario(file, dir).spec;
}

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('scenario features', () => {
  it('reads every capability with units resolved', () => {
    const s = load(
      'all.yaml',
      [
        '  authz: l4',
        '  retries: { attempts: 3, perTryTimeout: 250ms, on: [reset, 5xx] }',
        '  timeouts: { request: 2s }',
        '  accessLog: true',
        '  upstreamHttp2: true',
        '  telemetry: { mode: tracing, samplingPct: 10 }',
        '  trafficSplit: { canaryWeightPct: 10 }',
        '  outlierDetection: { consecutive5xx: 3 }',
        '  configScope: namespace',
        '',
      ].join('\n'),
    );
    expect(s.features).toEqual({
      mtls: 'strict',
      authz: 'l4',
      retries: { attempts: 3, perTryTimeoutMs: 250, on: ['reset', '5xx'] },
      timeouts: { requestMs: 2_000 },
      accessLog: true,
      upstreamHttp2: true,
      telemetry: { mode: 'tracing', samplingPct: 10 },
      trafficSplit: { canaryWeightPct: 10 },
      outlierDetection: { consecutive5xx: 3, ejectionTimeMs: 30_000 },
      configScope: 'namespace',
    });
    expect(activeFeatures(s.features)).toEqual(['authz', 'retries', 'timeouts', 'accessLog', 'upstreamHttp2', 'telemetry', 'trafficSplit', 'outlierDetection', 'configScope']);
    expect(describeFeature(s.features, 'configScope')).toBe('configScope: namespace');
    expect(describeFeature(s.features, 'retries')).toBe('retries: 3 on reset, 5xx, 250 ms per try');
    expect(describeFeature(s.features, 'telemetry')).toBe('telemetry: tracing at 10% sampling');
  });

  it('keeps the older `l7: true` as authz: l7, and refuses it when it contradicts authz', () => {
    expect(load('legacy.yaml', '  mtls: strict\n  l7: true\n').features.authz).toBe('l7');
    expect(load('legacy-off.yaml', '  l7: false\n').features.authz).toBe('off');
    const issues = issuesOf(() => load('both.yaml', '  authz: l4\n  l7: true\n'));
    expect(issues[0]).toMatchObject({ path: 'features.l7', line: 11 });
    expect(issues[0]?.message).toMatch(/older spelling of authz: l7.*contradicts authz: l4/);
  });

  it('names file, line and field for a bad feature value', () => {
    const issues = issuesOf(() => load('bad.yaml', '  retries: { attempts: 0 }\n  telemetry: { mode: metrics, samplingPct: 5 }\n'));
    expect(issues.map((i) => [i.path, i.line])).toEqual(expect.arrayContaining([['features.retries.attempts', 10], ['features.telemetry.samplingPct', 11]]));
    expect(issues.every((i) => i.file.endsWith('bad.yaml'))).toBe(true);
    const unknown = issuesOf(() => load('typo.yaml', '  retry: { attempts: 2 }\n'));
    expect(unknown[0]?.message).toBe('unknown field "retry"');
  });

  it('keeps the content hash of scenarios that use none of the new features', () => {
    // The hash earlier results carry for the default features ({ mtls: strict, l7: false }).
    const plain = load('plain.yaml', '  mtls: strict\n');
    const legacy = load('plain-legacy.yaml', '  mtls: strict\n  l7: false\n');
    expect(scenarioContentHash(plain)).toBe(scenarioContentHash(legacy));
    // The formula before the capability features: the resolved scenario with features { mtls, l7 }.
    const { repetitions: _r, ...loadSpec } = plain.load;
    const before = `sha256:${createHash('sha256').update(stableStringify({ ...plain, load: loadSpec, features: { mtls: 'strict', l7: false } })).digest('hex')}`;
    expect(scenarioContentHash(plain)).toBe(before);
    const withRetries = load('with-retries.yaml', '  retries: { attempts: 2 }\n');
    expect(scenarioContentHash(withRetries)).not.toBe(scenarioContentHash(plain));
  });
});

describe('feature matrix arms', () => {
  const scenario = load('matrix.yaml', '  mtls: strict\n  accessLog: true\n  retries: { attempts: 4 }\n');

  it('one reference arm with the listed features off, one arm per feature with only it on', () => {
    const arms = featureMatrixArms(scenario, ['retries', 'upstreamHttp2', 'accessLog']);
    expect(arms.map((a) => [a.label, a.feature])).toEqual([
      [FEATURES_OFF_ARM, null],
      ['retries', 'retries'],
      ['upstreamHttp2', 'upstreamHttp2'],
      ['accessLog', 'accessLog'],
    ]);
    expect(activeFeatures(arms[0]?.scenario.features ?? scenario.features)).toEqual([]);
    // The scenario's own setting is kept (4 attempts); a feature it leaves off gets the default.
    expect(arms[1]?.scenario.features.retries?.attempts).toBe(4);
    expect(activeFeatures(arms[1]?.scenario.features ?? scenario.features)).toEqual(['retries']);
    expect(activeFeatures(arms[2]?.scenario.features ?? scenario.features)).toEqual(['upstreamHttp2']);
    // The load is the same object: every arm measures the same schedule.
    expect(arms.every((a) => a.scenario.load === scenario.load)).toBe(true);
  });

  it('features not listed stay as the scenario has them in every arm', () => {
    const arms = featureMatrixArms(scenario, ['upstreamHttp2']);
    expect(arms.map((a) => activeFeatures(a.scenario.features))).toEqual([
      ['retries', 'accessLog'],
      ['retries', 'accessLog', 'upstreamHttp2'],
    ]);
  });

  it('parses the list and names an unknown feature', () => {
    expect(parseFeatureList(' retries, accessLog ')).toEqual(['retries', 'accessLog']);
    expect(() => parseFeatureList('retries,http2')).toThrow(/unknown feature "http2"; the features are authz, retries/);
    expect(() => parseFeatureList('retries,retries')).toThrow(/twice/);
    expect(() => parseFeatureList(',')).toThrow(/no feature/);
  });
});

describe('scenario feature sets', () => {
  function loadSets(name: string, sets: string) {
    const file = join(dir, name);
    writeFileSync(file, `${HEAD}features:\n  mtls: strict\nfeatureSets:\n${sets}`);
    return loadScenario(file, dir).spec;
  }

  it('makes one arm per set, the first the reference, each with its own features and without the list', () => {
    const s = loadSets(
      'sets.yaml',
      [
        '  - name: plain',
        '  - name: retries',
        '    features: { mtls: strict, retries: { attempts: 2, on: [gateway-error] } }',
        '  - name: both',
        '    features: { mtls: strict, accessLog: true, timeouts: { request: 1s } }',
        '',
      ].join('\n'),
    );
    const arms = featureSetArms(s);
    expect(arms.map((a) => [a.label, a.feature])).toEqual([
      ['plain', null],
      ['retries', 'retries'],
      ['both', 'both'],
    ]);
    expect(arms[0]?.scenario.features).toEqual(s.features);
    expect(arms[1]?.scenario.features.retries).toEqual({ attempts: 2, perTryTimeoutMs: null, on: ['gateway-error'] });
    expect(arms[2]?.setting).toBe('timeouts: request 1000 ms; accessLog: on');
    expect(arms.every((a) => !('featureSets' in a.scenario))).toBe(true);
  });

  it('names file, line and field for a bad set, a repeated name and a list of one', () => {
    const bad = issuesOf(() => loadSets('bad-set.yaml', '  - name: a\n  - name: b\n    features: { retries: { attempts: 0 } }\n'));
    expect(bad.map((i) => [i.path, i.line])).toEqual([['featureSets.1.features.retries.attempts', 14]]);
    expect(bad[0]?.file.endsWith('bad-set.yaml')).toBe(true);
    const twice = issuesOf(() => loadSets('twice.yaml', '  - name: a\n  - name: a\n'));
    expect(twice).toMatchObject([{ path: 'featureSets.1.name', line: 13, message: 'feature set "a" is listed twice' }]);
    const one = issuesOf(() => loadSets('one.yaml', '  - name: a\n'));
    expect(one[0]?.message).toMatch(/at least two feature sets/);
    const label = issuesOf(() => loadSets('label.yaml', '  - name: A B\n  - name: b\n'));
    expect(label[0]).toMatchObject({ path: 'featureSets.0.name', line: 12 });
  });

  it('ships scenarios/feature-sets.yaml', () => {
    const s = loadScenario('feature-sets').spec;
    expect(featureSetArms(s).map((a) => [a.label, a.feature])).toEqual([
      ['baseline', null],
      ['retries', 'retries'],
      ['timeouts', 'timeouts'],
    ]);
  });
});
