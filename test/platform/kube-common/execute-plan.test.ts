/**
 * Executing plan steps: each action kind, gates vs verification checks, interruption, the
 * teardown that never throws, and the preflight's errors for a missing kind or a stopped docker.
 */
import { readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../src/errors.ts';
import type { CommandRunner } from '../../../src/exec/command-runner.ts';
import { executePlanSteps, type ExecuteRuntime, runTeardown } from '../../../src/platform/kube-common/execute-plan.ts';
import type { PlanStep, RunPlan } from '../../../src/plan/plan-types.ts';
import { toolsCheckParams } from '../../../src/platform/platform-checks.ts';
import { requiredTools } from '../../../src/platform/required-tools.ts';
import { FakeKubeClient } from '../../helpers/fake-kube-client.ts';
import { FAKE_BIN_DIR, setupFakeTools } from '../../helpers/fake-tools.ts';
import { RecordingCommandRunner } from '../../helpers/recording-command-runner.ts';
import { RecordingRunner } from '../../helpers/recording-runner.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function runtime(overrides: Partial<ExecuteRuntime> = {}): ExecuteRuntime & { lines: string[] } {
  const lines: string[] = [];
  const kube = new FakeKubeClient();
  return { runner: new RecordingRunner([]), kube: () => kube, log: (l) => lines.push(l), checks: {}, lines, ...overrides };
}

describe('executePlanSteps', () => {
  it('runs commands with the base env, the action env and stdin; writes files with their mode; applies and waits', async () => {
    const dir = tempDir('meshbench-exec-');
    const runner = new RecordingRunner([{ match: ['kind'], stdout: 'ok' }, { match: ['kubectl'], exitCode: 1, stderr: 'NotFound' }]);
    const kube = new FakeKubeClient();
    const steps: PlanStep[] = [
      {
        id: 'a',
        phase: 'provision',
        title: 'a',
        actions: [
          { kind: 'write-file', description: 'secret', path: join(dir, 'sub', 'kubeconfig'), content: 'x', mode: 0o600 },
          { kind: 'command', description: 'create', tool: 'kind', args: ['create', 'cluster'], env: { KUBECONFIG: '/k' }, timeoutMs: 5 },
          { kind: 'command', description: 'maybe', tool: 'kubectl', args: ['delete', 'x'], stdin: 'doc', allowFailure: true },
          { kind: 'apply', description: 'ns', manifests: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }] },
          { kind: 'wait', description: 'nodes', condition: { type: 'nodes-ready', count: 3 }, timeoutMs: 10 },
          { kind: 'measure', description: 'm', measurement: { levels: [], repetitions: 1, warmupMs: 0, durationMs: 0, agents: 1, targetUrl: 'http://x' } },
        ],
      },
    ];
    const rt = runtime({ runner, kube: () => kube, env: { PATH: '/fake' } });
    expect(await executePlanSteps(steps, rt)).toEqual([]);
    expect(statSync(join(dir, 'sub', 'kubeconfig')).mode & 0o777).toBe(0o600);
    expect(runner.calls.map((c) => [c.file, c.args, c.options?.env, c.options?.input, c.options?.timeoutMs, c.options?.allowFailure])).toEqual([
      ['kind', ['create', 'cluster'], { PATH: '/fake', KUBECONFIG: '/k' }, undefined, 5, undefined],
      ['kubectl', ['delete', 'x'], { PATH: '/fake' }, 'doc', undefined, true],
    ]);
    expect(kube.applied.map((o) => o.metadata.name)).toEqual(['n']);
    expect(kube.waited).toEqual([{ type: 'nodes-ready', count: 3 }]);
    expect(rt.lines).toContain('  $ kind create cluster');
    expect(rt.lines.some((l) => l.includes('(allowed to fail)') && l.includes('NotFound'))).toBe(true);
  });

  it('returns verification checks, stops at a failing gate, and refuses an unknown check', async () => {
    const check = (phase: PlanStep['phase'], name: string): PlanStep => ({ id: name, phase, title: name, actions: [{ kind: 'check', description: name, check: name, params: { x: 1 } }] });
    const checks = {
      fine: async () => ({ name: 'fine', passed: true, evidence: ['all good'] }),
      bad: async () => ({ name: 'bad', passed: false, evidence: ['plaintext was accepted'] }),
    };
    expect(await executePlanSteps([check('verify', 'fine'), check('verify', 'bad')], runtime({ checks }))).toEqual([
      { name: 'fine', passed: true, evidence: ['all good'] },
      { name: 'bad', passed: false, evidence: ['plaintext was accepted'] },
    ]);
    const gate = (await executePlanSteps([check('install-mesh', 'bad')], runtime({ checks })).catch((e: unknown) => e)) as HarnessError;
    expect(gate.code).toBe('NOT_READY');
    expect(gate.details).toEqual(['plaintext was accepted']);
    const unknown = (await executePlanSteps([check('verify', 'nope')], runtime({ checks })).catch((e: unknown) => e)) as HarnessError;
    expect(unknown.code).toBe('INTERNAL');
  });

  it('gives checks the run\'s kubeconfig, namespace and a KUBECONFIG env', async () => {
    let seen: Record<string, unknown> = {};
    const checks = {
      look: async (_p: Record<string, unknown>, rt: { kubeconfigPath: string; namespace: string; env: Record<string, string> }) => {
        seen = { kubeconfigPath: rt.kubeconfigPath, namespace: rt.namespace, env: rt.env };
        return { name: 'look', passed: true, evidence: [] };
      },
    };
    await executePlanSteps([{ id: 'v', phase: 'verify', title: 'v', actions: [{ kind: 'check', description: 'l', check: 'look', params: {} }] }], runtime({ checks, kubeconfigPath: '/run/kubeconfig', namespace: 'ns', env: { PATH: '/p' } }));
    expect(seen).toEqual({ kubeconfigPath: '/run/kubeconfig', namespace: 'ns', env: { PATH: '/p', KUBECONFIG: '/run/kubeconfig' } });
  });

  it('stops with INTERRUPTED once the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const runner = new RecordingRunner([]);
    const error = (await executePlanSteps([{ id: 'a', phase: 'provision', title: 'a', actions: [{ kind: 'command', description: 'x', tool: 'kind', args: [] }] }], runtime({ runner, signal: controller.signal })).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('INTERRUPTED');
    expect(runner.calls).toEqual([]);
  });
});

describe('runTeardown', () => {
  const plan: RunPlan = {
    runId: 'r',
    createdAt: '',
    platform: 'kind',
    target: { name: 't', mesh: 'none', mode: 'none', version: null },
    scenario: { name: 's', contentHash: '' },
    cluster: { name: 'meshbench-t-abc123', kubeconfigPath: '/w/kubeconfig', context: 'kind-meshbench-t-abc123' },
    namespace: 'meshbench-abc123',
    resultPath: '/r.json',
    steps: [],
    teardown: [
      { id: 'one', phase: 'teardown', title: 'first', actions: [{ kind: 'command', description: 'd', tool: 'kind', args: ['delete', 'cluster'] }] },
      { id: 'two', phase: 'teardown', title: 'second', actions: [{ kind: 'command', description: 'd', tool: 'docker', args: ['rm'] }] },
    ],
  };

  it('runs every step even after a failure, logs, and never throws', async () => {
    const called: string[] = [];
    const runner: CommandRunner = {
      run: async (file) => {
        called.push(file);
        throw new HarnessError('COMMAND_FAILED', `${file} broke`, { details: ['the tail'] });
      },
    };
    const lines: string[] = [];
    await runTeardown(plan, { runner, kube: () => new FakeKubeClient(), log: (l) => lines.push(l) });
    expect(called).toEqual(['kind', 'docker']);
    expect(lines).toContain('teardown step "first" failed: kind broke');
    expect(lines).toContain('  the tail');
  });

  it('says how to clean up by hand with --keep', async () => {
    const lines: string[] = [];
    await runTeardown({ ...plan, teardown: [] }, { runner: new RecordingRunner([]), kube: () => new FakeKubeClient(), log: (l) => lines.push(l) });
    expect(lines).toEqual([
      'kept kind cluster meshbench-t-abc123; use it with: kind get kubeconfig --name meshbench-t-abc123 > meshbench-t-abc123.kubeconfig; delete it with: kind delete cluster --name meshbench-t-abc123',
    ]);
  });
});

describe('the preflight tools check', () => {
  const step: PlanStep = {
    id: 'preflight-tools',
    phase: 'preflight',
    title: 'tools',
    actions: [{ kind: 'check', description: 'tools', check: 'tools', params: toolsCheckParams('kind', requiredTools({ platform: 'kind', target: null })) }],
  };

  function pathWith(tools: string[]): string {
    const bin = tempDir('meshbench-path-');
    for (const t of tools) symlinkSync(join(FAKE_BIN_DIR, t), join(bin, t));
    return `${bin}:/usr/bin:/bin`;
  }

  it('reports the versions found', async () => {
    const fakes = setupFakeTools({ restOfPath: '/usr/bin:/bin' });
    const checks = await executePlanSteps([step], runtime({ runner: new RecordingCommandRunner(), env: fakes.env }));
    expect(checks[0]?.evidence).toEqual(['kind v0.31.0', 'docker 28.5.1', 'kubectl v1.34.1']);
  });

  it('fails with TOOL_NOT_FOUND, an install hint and the local platform when kind is missing', async () => {
    const fakes = setupFakeTools();
    const env = { ...fakes.env, PATH: pathWith(['docker']) };
    const error = (await executePlanSteps([step], runtime({ runner: new RecordingCommandRunner(), env })).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('TOOL_NOT_FOUND');
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe('required tool "kind" was not found on PATH (needed for the kind platform)');
    expect(error.hint).toContain('https://kind.sigs.k8s.io/docs/user/quick-start/#installation');
    expect(error.hint).toContain('or use --platform local');
  });

  it('fails with TOOL_NOT_FOUND when the Docker daemon does not answer', async () => {
    const fakes = setupFakeTools({ env: { FAKE_DOCKER_DAEMON: 'down' } });
    const env = { ...fakes.env, PATH: pathWith(['kind', 'docker']) };
    const error = (await executePlanSteps([step], runtime({ runner: new RecordingCommandRunner(), env })).catch((e: unknown) => e)) as HarnessError;
    expect(error.code).toBe('TOOL_NOT_FOUND');
    expect(error.message).toMatch(/required tool "docker" is unusable: the Docker daemon does not answer: Cannot connect to the Docker daemon/);
    expect(error.hint).toMatch(/start the Docker daemon .* or use --platform local/);
    expect(readFileSync(fakes.logPath, 'utf8')).toContain('"docker"');
  });
});

