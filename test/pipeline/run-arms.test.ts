import { describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../src/config/config-files.ts';
import { platformFor } from '../../src/platform/platform-registry.ts';
import { armOptions, joinRunOf, resolveArmPaths } from '../../src/pipeline/run-arms.ts';
import type { RunOptions } from '../../src/pipeline/run-options.ts';
import { RecordingRunner } from '../helpers/recording-runner.ts';

const silent = { step: () => undefined, stepDone: () => undefined, repetition: () => undefined, live: () => undefined, repetitionDone: () => undefined, info: () => undefined, close: () => undefined };

function options(overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    target: loadTarget('baseline').spec,
    scenario: loadScenario('smoke').spec,
    platform: 'local',
    outPath: null,
    meshVersion: null,
    arms: [],
    context: null,
    installMesh: false,
    toolsDir: null,
    keep: false,
    noVerify: false,
    cwd: '/work/x',
    runner: new RecordingRunner([]),
    progress: silent,
    harnessVersion: '0.1.0',
    now: new Date('2026-12-06T20:00:00.123Z'),
    ...overrides,
  };
}

describe('resolveArmPaths', () => {
  it('a single run is one unlabelled arm under results/, named after the time, target and a random part', () => {
    const [arm, ...rest] = resolveArmPaths(options(), platformFor('local'));
    expect(rest).toEqual([]);
    expect(arm).toMatchObject({ label: '', meshVersion: null, revision: null });
    expect(arm?.resultPath).toMatch(/^\/work\/x\/results\/20261206-200000\.123-baseline-[0-9a-f]{6}\.json$/);
  });

  it('arms share one random part and get one --out file each, named by their label', () => {
    const arms = resolveArmPaths(options({ arms: ['a', 'b/2'], outPath: 'out/aa.json' }), platformFor('local'));
    expect(arms.map((a) => a.resultPath)).toEqual(['/work/x/out/aa-a.json', '/work/x/out/aa-b-2.json']);
    const nonces = arms.map((a) => a.runId.slice(-6));
    expect(nonces[0]).toBe(nonces[1]);
    expect(arms.map((a) => a.label)).toEqual(['a', 'b/2']);
    // Local arms share the host: a label is not a mesh version.
    expect(arms.map((a) => a.meshVersion)).toEqual([null, null]);
  });

  it('two runs in the same millisecond never share a run id', () => {
    const [first] = resolveArmPaths(options(), platformFor('local'));
    const [second] = resolveArmPaths(options(), platformFor('local'));
    expect(first?.runId).not.toBe(second?.runId);
  });
});

describe('joinRunOf', () => {
  const arms = [
    { label: 'a', meshVersion: '1.28.3', runId: 'r-a', resultPath: 'a.json', revision: '1-28-3', workDir: '/tmp/a' },
    { label: 'b', meshVersion: '1.29.1', runId: 'r-b', resultPath: 'b.json', revision: '1-29-1', workDir: '/tmp/b' },
  ];

  it('on a shared cluster every arm after the first joins the first arm', () => {
    expect(joinRunOf(arms, 0)).toBeNull();
    expect(joinRunOf(arms, 1)).toEqual({ runId: 'r-a', workDir: '/tmp/a' });
  });

  it('arms without revisions (a cluster each, or one host) join nothing', () => {
    expect(joinRunOf(arms.map((a) => ({ ...a, revision: null })), 1)).toBeNull();
  });
});

describe('armOptions', () => {
  it('hands the platform the arm’s identity and the run’s settings, with the arm’s injected cost', () => {
    const injection = { serviceCpuUs: { 'order-service': 100 }, proxyCpuUs: 0 };
    const run = options({ arms: ['a', 'b'], injections: new Map([['b', injection]]), keep: true });
    const arm = { runId: 'r-b', resultPath: 'b.json', meshVersion: null, workDir: '/tmp/b', label: 'b' };
    expect(armOptions(run, arm)).toMatchObject({ runId: 'r-b', resultPath: 'b.json', workDir: '/tmp/b', keep: true, injection, scenario: run.scenario, userKubeconfig: null });
    expect(armOptions(run, { ...arm, label: 'a' }).injection).toBeUndefined();
  });
});
