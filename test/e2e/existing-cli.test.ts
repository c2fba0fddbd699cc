/**
 * `bench run baseline --platform existing` through the real CLI (runCli) against the loopback fake
 * API server, with the user's kubeconfig given the way a user gives it (KUBECONFIG, or
 * ~/.kube/config under HOME) and `--context`: preflight, the context copied into the run's own
 * kubeconfig, namespaces, workload, verification, measurement by an agent Job and kubelet
 * counters, a valid result file, and only the run's namespaces deleted. The user's kubeconfig is
 * never written. A missing context or an unreadable kubeconfig is a usage error naming the file.
 * The runs use the fake API's short waits (TEST_KUBE_TUNING) instead of production's 30 s agent
 * start margin and 5 s samples (test/platform/kube-common/kube-agent-runner.test.ts checks the
 * production margins); the fake tools run in process.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { agentJobOutcome, FakeKubeApi } from '../helpers/fake-kube-api.ts';
import { type FakeTools, setupFakeTools } from '../helpers/fake-tools.ts';
import { TEST_KUBE_TUNING } from '../helpers/kind-e2e-fixtures.ts';

const SCENARIO = `apiVersion: meshbench/v1alpha1
kind: Scenario
name: existing-cli-e2e
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

/** A user's cluster: a control plane and two plain workers (no meshbench labels), plus a namespace of theirs. */
const NODES = [
  { name: 'cp-1', controlPlane: true },
  { name: 'worker-a' },
  { name: 'worker-b' },
];

let api: FakeKubeApi;
let fakes: FakeTools;
let restore: () => void;
let dir: string;

async function start(): Promise<void> {
  api = await FakeKubeApi.start({ nodes: NODES, jobOutcome: agentJobOutcome() });
  fakes = setupFakeTools({ apiUrl: api.url });
  restore = fakes.activate();
  await fetch(`${api.url}/api/v1/namespaces/team-a`, { method: 'PATCH', headers: { 'content-type': 'application/apply-patch+yaml' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }) });
}

/** The fakes in process and the fake API's short waits. */
const fast = () => ({ runner: fakes.runner, kubeTuning: TEST_KUBE_TUNING });

/** The user's kubeconfig: two contexts, the current one pointing nowhere, `fake` at the fake API server. */
function userKubeconfig(path: string, current: string): string {
  api.writeKubeconfig(path, 'fake');
  const text = readFileSync(path, 'utf8')
    .replace('current-context: fake', `current-context: ${current}`)
    .replace('contexts:\n', 'contexts:\n- name: nowhere\n  context:\n    cluster: nowhere\n    user: fake\n')
    .replace('clusters:\n', 'clusters:\n- name: nowhere\n  cluster:\n    server: http://127.0.0.1:9\n');
  writeFileSync(path, text, { mode: 0o600 });
  return text;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshbench-existing-cli-'));
  writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
});

afterEach(async () => {
  restore?.();
  await api?.close();
  fakes?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('KUBECONFIG' in extra)) delete e['KUBECONFIG'];
  return e;
}

describe('bench run baseline --platform existing (CLI, fake API server)', () => {
  it('runs with $KUBECONFIG through every step to a valid result file and deletes only its namespaces', async () => {
    await start();
    const kubeconfig = join(dir, 'user.kubeconfig');
    const before = userKubeconfig(kubeconfig, 'fake');
    const out = join(dir, 'existing.json');
    const run = await runBench(['run', 'baseline', '--platform', 'existing', '--scenario', join(dir, 'scenario.yaml'), '--out', out, '--quiet'], {
      ...fast(),
      env: env({ KUBECONFIG: kubeconfig }),
    });
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const result = readResultFile(out);
    expect(result).toMatchObject({ status: 'complete', valid: true, target: { name: 'baseline', platform: 'existing', kubernetesVersion: 'v1.34.0' } });
    const reps = result.levels[0]?.repetitions ?? [];
    expect(reps).toHaveLength(1);
    for (const rep of reps) {
      expect(rep.valid).toBe(true);
      expect(rep.requests.completed).toBe(50);
      const components = Object.fromEntries(rep.resources.map((r) => [r.component, r]));
      expect(components['order-service']?.source).toBe('kubelet-summary');
      expect(components['order-service']?.vcpu).toBeCloseTo(0.25, 1);
      expect(components['load-agent']?.role).toBe('load-agent');
      // Not on this machine: no host CPU.
      expect(rep.hostCpu).toBeNull();
    }
    // The workload went to the user's workers, services and agents kept apart.
    expect(api.requests.some((r) => r.path.endsWith('/proxy/stats/summary'))).toBe(true);
    expect(api.requests.some((r) => r.method === 'PATCH' && /\/jobs\/agent-r001-a0$/.test(r.path))).toBe(true);
    // Only the run's two namespaces were created and deleted; the user's own namespace is untouched.
    const deleted = api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
    expect(deleted).toHaveLength(2);
    for (const path of deleted) expect(path).toMatch(/^\/api\/v1\/namespaces\/meshbench-[0-9a-f]{6}(-probe)?$/);
    expect(api.objects('Namespace').map((n) => (n['metadata'] as { name: string }).name)).toEqual(['team-a']);
    expect(api.requests.filter((r) => r.method !== 'GET' && r.path.includes('team-a') && !r.path.endsWith('/team-a'))).toEqual([]);
    // The user's kubeconfig is unchanged.
    expect(readFileSync(kubeconfig, 'utf8')).toBe(before);
  });

  it('--context picks a context of ~/.kube/config (no KUBECONFIG); interrupted at the first agent Job, it deletes its namespaces', async () => {
    await start();
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    const kubeconfig = join(home, '.kube', 'config');
    const before = userKubeconfig(kubeconfig, 'nowhere');
    const out = join(dir, 'ctx.json');
    const controller = new AbortController();
    const timer = setInterval(() => {
      if (api.objects('Job').length > 0) controller.abort();
    }, 20);
    const run = await runBench(['run', 'baseline', '--platform', 'existing', '--context', 'fake', '--scenario', join(dir, 'scenario.yaml'), '--out', out, '--quiet'], {
      ...fast(),
      env: env({ HOME: home }),
      signal: controller.signal,
    });
    clearInterval(timer);
    expect(run.stderr).not.toMatch(/cannot read kubeconfig|not found in/);
    expect(run.code).toBe(130);
    expect(readResultFile(out)).toMatchObject({ status: 'interrupted', verification: { verified: true } });
    expect(api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      expect.stringMatching(/^\/api\/v1\/namespaces\/meshbench-[0-9a-f]{6}$/),
      expect.stringMatching(/^\/api\/v1\/namespaces\/meshbench-[0-9a-f]{6}-probe$/),
    ]);
    expect(readFileSync(kubeconfig, 'utf8')).toBe(before);
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
  });

  it('an unknown --context exits 2 naming the kubeconfig and the known contexts', async () => {
    await start();
    const kubeconfig = join(dir, 'user.kubeconfig');
    userKubeconfig(kubeconfig, 'fake');
    const setupRequests = api.requests.length;
    const run = await runBench(['run', 'baseline', '--platform', 'existing', '--context', 'prod', '--scenario', join(dir, 'scenario.yaml'), '--out', join(dir, 'x.json'), '--quiet'], {
      ...fast(),
      env: env({ KUBECONFIG: kubeconfig }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: context "prod" not found in ${kubeconfig}`);
    expect(run.stderr).toMatch(/hint: known contexts: fake, nowhere|hint: known contexts: nowhere, fake/);
    expect(api.requests.slice(setupRequests)).toEqual([]);
  });

  it('an unreadable or missing kubeconfig exits 2 naming the file', async () => {
    await start();
    const missing = join(dir, 'no-such.kubeconfig');
    const run = await runBench(['run', 'baseline', '--platform', 'existing', '--scenario', join(dir, 'scenario.yaml'), '--out', join(dir, 'x.json'), '--quiet'], {
      ...fast(),
      env: env({ KUBECONFIG: missing }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: cannot read kubeconfig ${missing}`);
    expect(run.stderr).toContain('ENOENT');
    const garbled = join(dir, 'garbled.kubeconfig');
    writeFileSync(garbled, 'clusters: [unclosed\n');
    const run2 = await runBench(['run', 'baseline', '--platform', 'existing', '--scenario', join(dir, 'scenario.yaml'), '--out', join(dir, 'y.json'), '--quiet'], {
      ...fast(),
      env: env({ KUBECONFIG: garbled }),
    });
    expect(run2.code).toBe(2);
    expect(run2.stderr).toContain(`error: cannot read kubeconfig ${garbled}`);
  });

  it('the dry run names the user kubeconfig it will read', async () => {
    await start();
    const kubeconfig = join(dir, 'user.kubeconfig');
    userKubeconfig(kubeconfig, 'fake');
    const run = await runBench(['run', 'baseline', '--platform', 'existing', '--scenario', 'smoke', '--dry-run'], { ...fast(), env: env({ KUBECONFIG: kubeconfig }) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`use the current context of ${kubeconfig}`);
  });
});
