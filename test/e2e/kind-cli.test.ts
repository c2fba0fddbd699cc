/**
 * `bench run baseline --platform kind` through the real CLI (runCli), against the fake kind,
 * docker and kubectl first on PATH and the fake API server: the dry-run plan as JSON, a complete
 * run to a valid result file, and an interrupted run that still deletes its cluster.
 *
 * The complete run is the suite's one run that spawns the fake executables of test/fixtures/bin
 * (the real runner, a Node process per call); the others run the same fakes in process
 * (fakes.runner). All use the fake API's short waits (TEST_KUBE_TUNING).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunPlan } from '../../src/plan/plan-types.ts';
import { ExecaCommandRunner } from '../../src/exec/command-runner.ts';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { agentJobOutcome, FakeKubeApi, type FakeAgentOptions } from '../helpers/fake-kube-api.ts';
import { type FakeTools, setupFakeTools } from '../helpers/fake-tools.ts';
import { TEST_KUBE_TUNING } from '../helpers/kind-e2e-fixtures.ts';

const SCENARIO = `apiVersion: meshbench/v1alpha1
kind: Scenario
name: kind-cli-e2e
requests:
  - { name: get-order, method: GET, path: "/orders/{id}", weight: 3 }
  - { name: create-order, method: POST, path: /orders, body: order }
load:
  levels: [{ rps: 100 }]
  warmup: 100ms
  duration: 500ms
  repetitions: 1
  timeout: 1s
  connections: 2
`;


let api: FakeKubeApi;
let fakes: FakeTools;
let restore: () => void;
let dir: string;

async function start(agent: FakeAgentOptions = {}): Promise<void> {
  api = await FakeKubeApi.start({ jobOutcome: agentJobOutcome(agent) });
  fakes = setupFakeTools({ apiUrl: api.url });
  restore = fakes.activate();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-kind-cli-'));
  writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
});

afterEach(async () => {
  restore?.();
  await api?.close();
  fakes?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('bench run baseline --platform kind (CLI)', () => {
  it('--dry-run --json prints the complete plan and runs nothing', async () => {
    await start();
    const run = await runBench(['run', 'baseline', '--platform', 'kind', '--scenario', 'smoke', '--dry-run', '--json'], { runner: fakes.runner });
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as RunPlan;
    expect(plan.platform).toBe('kind');
    expect(plan.steps.map((s) => s.phase)).toEqual(expect.arrayContaining(['preflight', 'provision', 'deploy', 'verify', 'measure']));
    expect(plan.teardown[0]?.actions[0]).toMatchObject({ kind: 'command', tool: 'kind', args: expect.arrayContaining(['delete', 'cluster']) });
    expect(fakes.calls()).toEqual([]);
  });

  it('runs through every step to a valid result file and deletes the cluster', async () => {
    await start();
    const out = join(dir, 'baseline-kind.json');
    const run = await runBench(['run', 'baseline', '--platform', 'kind', '--scenario', join(dir, 'scenario.yaml'), '--out', out, '--quiet'], {
      runner: new ExecaCommandRunner(),
      kubeTuning: TEST_KUBE_TUNING,
    });
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const result = readResultFile(out);
    expect(result).toMatchObject({ status: 'complete', valid: true, target: { name: 'baseline', platform: 'kind' } });
    expect(result.levels[0]?.repetitions[0]?.resources.map((r) => r.component)).toContain('order-service');
    const kind = fakes.calls('kind').map((c) => c.argv.slice(0, 2).join(' '));
    expect(kind[kind.length - 1]).toBe('delete cluster');
    expect(kind).toContain('create cluster');
  });

  it('--arms: one cluster per arm, repetitions interleaved ABBA, one result file per arm, every cluster deleted', async () => {
    await start();
    const scenario = join(dir, 'scenario.yaml');
    writeFileSync(scenario, SCENARIO.replace('repetitions: 1', 'repetitions: 2'));
    const out = join(dir, 'ab.json');
    const run = await runBench(['run', 'baseline', '--platform', 'kind', '--scenario', scenario, '--out', out, '--quiet', '--arms', 'a,b'], { runner: fakes.runner, kubeTuning: TEST_KUBE_TUNING });
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const a = readResultFile(join(dir, 'ab-a.json'));
    const b = readResultFile(join(dir, 'ab-b.json'));
    expect([a.status, b.status]).toEqual(['complete', 'complete']);
    expect(a.runId).not.toBe(b.runId);
    const order = [...a.levels[0]!.repetitions, ...b.levels[0]!.repetitions].sort((x, y) => x.windowStartMs - y.windowStartMs).map((r) => r.arm);
    expect(order).toEqual(['a', 'b', 'b', 'a']);
    const clusterOf = (argv: string[]) => argv[argv.indexOf('--name') + 1];
    const created = fakes.calls('kind').filter((c) => c.argv[0] === 'create').map((c) => clusterOf(c.argv));
    const deleted = fakes.calls('kind').filter((c) => c.argv[0] === 'delete').map((c) => clusterOf(c.argv));
    expect(new Set(created).size).toBe(2);
    expect([...deleted].sort()).toEqual([...created].sort());
  });

  it('deletes the cluster when interrupted mid-run', async () => {
    await start({ hang: true });
    const controller = new AbortController();
    const timer = setInterval(() => {
      if (api.objects('Job').length > 0) controller.abort();
    }, 20);
    const run = await runBench(['run', 'baseline', '--platform', 'kind', '--scenario', join(dir, 'scenario.yaml'), '--out', join(dir, 'x.json'), '--quiet'], {
      signal: controller.signal,
      runner: fakes.runner,
      kubeTuning: TEST_KUBE_TUNING,
    });
    clearInterval(timer);
    expect(run.code).toBe(130);
    expect(fakes.calls('kind').map((c) => c.argv.slice(0, 2).join(' '))).toContain('delete cluster');
  });
});
