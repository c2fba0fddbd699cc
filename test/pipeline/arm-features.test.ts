import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../src/config/config-files.ts';
import { featureMatrixArms } from '../../src/config/scenario-features.ts';
import { idleSweepArms } from '../../src/config/idle-services.ts';
import { checkArmFeatures, checkFeatureMatrix, checkIdleSweep, featureMatrixRecord, idleSweepRecord, scenarioOf } from '../../src/pipeline/arm-features.ts';
import { localPlatform } from '../../src/platform/local/index.ts';

const ROOT = join(import.meta.dirname, '../..');
const scenario = loadScenario('smoke', ROOT).spec;
const arms = featureMatrixArms(scenario, ['retries', 'accessLog']);
const featureMatrix = { scenarios: new Map(arms.map((a) => [a.label, a.scenario])), features: new Map(arms.map((a) => [a.label, a.feature])) };

describe('arm features', () => {
  it('each arm runs its own scenario, and the batch records the feature and setting of each', () => {
    expect(scenarioOf({ scenario, featureMatrix }, 'accessLog').features.accessLog).toBe(true);
    expect(scenarioOf({ scenario }, 'anything')).toBe(scenario);
    expect(featureMatrixRecord({ scenario, featureMatrix })).toEqual({
      features: { 'features-off': null, retries: 'retries', accessLog: 'accessLog' },
      settings: { 'features-off': 'the listed features off', retries: 'retries: 2 on connect-failure, gateway-error', accessLog: 'accessLog: on' },
    });
  });

  it('states the mechanism for each arm, or refuses the target', () => {
    const proxy = loadTarget('proxy-mtls', ROOT).spec;
    expect(checkArmFeatures({ target: proxy, platform: localPlatform, scenario: arms[1]?.scenario ?? scenario }).map((s) => s.feature)).toEqual(['retries']);
    const baseline = loadTarget('baseline', ROOT).spec;
    expect(() => checkArmFeatures({ target: baseline, platform: localPlatform, scenario: arms[2]?.scenario ?? scenario })).toThrow(/feature accessLog: on is not available on target baseline/);
  });

  it('refuses a traffic split on a fan-out: there is no single order service to split', () => {
    const kube = loadTarget('istio-sidecar', ROOT).spec;
    const fanOut = {
      ...scenario,
      workload: { ...scenario.workload, topology: 'fan-out' as const, fanOut: 3 },
      features: { ...scenario.features, trafficSplit: { canaryWeightPct: 10 } },
    } as typeof scenario;
    expect(() => checkArmFeatures({ target: kube, platform: localPlatform, scenario: fanOut })).toThrow(/trafficSplit .*fan-out/);
  });

  it('refuses a feature matrix on a platform that cannot switch feature sets, before anything is planned', () => {
    expect(() => checkFeatureMatrix({ scenario, featureMatrix, platform: 'kind', arms: [...featureMatrix.scenarios.keys()] })).toThrow(/cannot run on the kind platform/);
    expect(() => checkFeatureMatrix({ scenario, featureMatrix, platform: 'kind', arms: [...featureMatrix.scenarios.keys()], switchable: true })).not.toThrow();
    expect(() => checkFeatureMatrix({ scenario, featureMatrix, platform: 'local', arms: ['features-off', 'retries', 'accessLog'] })).not.toThrow();
    expect(() => checkFeatureMatrix({ scenario, platform: 'kind', arms: ['a', 'b'] })).not.toThrow();
  });

  it('an idle-services sweep: each arm runs its count; the sweep scenario alone is refused', () => {
    const sweep = { ...scenario, workload: { ...scenario.workload, idleServices: [0, 50] } };
    const idleSweep = new Map(idleSweepArms(sweep).map((a) => [a.label, a.scenario]));
    expect(scenarioOf({ scenario: sweep, idleSweep }, 'idle-50').workload.idleServices).toBe(50);
    expect(() => checkIdleSweep({ scenario: sweep, idleSweep, arms: ['idle-0', 'idle-50'] })).not.toThrow();
    expect(() => checkIdleSweep({ scenario: sweep, arms: [] })).toThrow(/lists workload.idleServices \[0, 50\]: each value is an arm of its own/);
    expect(() => checkIdleSweep({ scenario: sweep, idleSweep, arms: ['a', 'b'] })).toThrow(/each value is an arm/);
    expect(() => checkIdleSweep({ scenario, arms: [] })).not.toThrow();
    // The batch records each arm's count.
    expect(idleSweepRecord(idleSweep)).toEqual({ 'idle-0': 0, 'idle-50': 50 });
  });
});
