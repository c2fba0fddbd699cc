/**
 * The in-process fakes answer exactly as the fake executables do: the same calls, once through
 * RecordingCommandRunner (functions, no process) and once through the real runner (a Node process
 * per call, as test/fixtures/bin runs them), each on its own fresh fake state, give the same
 * output, exit codes, errors, state and call log; and the plans' two `bash -c` shapes run in
 * process the way bash runs them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { type CommandRunner, ExecaCommandRunner, type RunOptions } from '../../src/exec/command-runner.ts';
import { type FakeTools, setupFakeTools } from './fake-tools.ts';
import { parsePlanScript, RecordingCommandRunner } from './recording-command-runner.ts';

const made: FakeTools[] = [];
afterEach(() => {
  for (const f of made.splice(0)) f.cleanup();
});

type Step = [file: string, args: string[], options?: Omit<RunOptions, 'env'>];

const STEPS: Step[] = [
  ['kind', ['version']],
  ['docker', ['version', '--format', '{{.Client.Version}}|{{.Server.Version}}']],
  ['kind', ['create', 'cluster', '--name', 'c1']],
  ['kind', ['create', 'cluster', '--name', 'c1']],
  ['docker', ['pull', 'busybox:1.37']],
  ['docker', ['tag', 'busybox:1.37', 'meshbench.local/busybox:1']],
  ['kind', ['load', 'docker-image', 'meshbench.local/busybox:1', '--name', 'c1']],
  ['kind', ['load', 'docker-image', 'absent:1', '--name', 'c1'], { allowFailure: true }],
  ['kubectl', ['apply', '--server-side', '-f', '-'], { input: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n1\n' }],
  ['istioctl', ['version', '--remote=false']],
  ['linkerd', ['version', '--client', '--short']],
  ['cilium', ['version', '--client']],
  ['helm', ['version', '--short']],
  ['istioctl', ['no-such-command'], { allowFailure: true }],
  ['bash', ['-c', 'set -euo pipefail; linkerd install --crds | kubectl apply -f -']],
  ['bash', ['-c', 'set -euo pipefail; kind get kubeconfig --name nope >/dev/null 2>&1 || kind version']],
];

/** Runs the steps on fresh fakes; each outcome is the result or the error's code, message and details. */
async function outcomes(runner: CommandRunner, env: Record<string, string> = {}): Promise<{ outcomes: unknown[]; fakes: FakeTools }> {
  const fakes = setupFakeTools({ env: { FAKE_LINKERD_FAIL: '^install --crds$', ...env } });
  made.push(fakes);
  const results: unknown[] = [];
  for (const [file, args, options] of STEPS) {
    const outcome = await runner.run(file, args, { ...options, env: fakes.env }).then(
      (r) => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, command: r.command }),
      (e: unknown) => (e instanceof HarnessError ? { code: e.code, message: e.message, details: e.details } : { thrown: String(e) }),
    );
    results.push([file, ...args].join(' '), outcome);
  }
  return { outcomes: results, fakes };
}

/** The fakes' state files and call log, with the run's own folder names taken out. */
function stateOf(fakes: FakeTools): Record<string, string> {
  const files = Object.fromEntries(readdirSync(fakes.stateDir).map((f) => [f, readFileSync(join(fakes.stateDir, f), 'utf8')]));
  return { ...files, log: readFileSync(fakes.logPath, 'utf8') };
}

describe('RecordingCommandRunner', () => {
  it('answers every call as the fake executables do: output, exit codes, errors, state and call log', async () => {
    const inProcess = new RecordingCommandRunner();
    const fast = await outcomes(inProcess);
    const spawned = await outcomes(new ExecaCommandRunner());
    expect(fast.outcomes).toEqual(spawned.outcomes);
    expect(stateOf(fast.fakes)).toEqual(stateOf(spawned.fakes));
    // Every step ran in process, bash included; nothing went to a real process.
    expect(inProcess.counts()).toEqual({ inProcess: STEPS.length, spawned: 0 });
    // The outcomes are not vacuous: a failure, an allowed failure and both script shapes are in there.
    expect(fast.outcomes).toContainEqual(expect.objectContaining({ code: 'COMMAND_FAILED', message: '`kind create cluster --name c1` exited with code 1' }));
    expect(fast.outcomes).toContainEqual(expect.objectContaining({ exitCode: 1, stderr: 'ERROR: image: "absent:1" not present locally' }));
    expect(fast.outcomes).toContainEqual(expect.objectContaining({ code: 'COMMAND_FAILED', details: expect.arrayContaining(['Error: fake linkerd was told to fail: linkerd install --crds']) }));
    expect(fast.outcomes).toContainEqual(expect.objectContaining({ stdout: 'kind v0.31.0 go1.25.5 linux/amd64', exitCode: 0, command: expect.stringContaining('|| kind version') }));
  });

  it('a pipe hands the producer\'s stdout to the consumer\'s stdin', async () => {
    const fakes = setupFakeTools();
    made.push(fakes);
    const result = await fakes.runner.run('bash', ['-c', 'set -euo pipefail; linkerd install --crds | kubectl apply -f -'], { env: fakes.env });
    const kubectl = fakes.calls('kubectl')[0];
    expect(kubectl?.stdin).toContain('kind: CustomResourceDefinition');
    expect(result.stdout).toMatch(/^customresourcedefinition\/\S+ created$/m);
  });

  it('leaves real tools, unknown scripts and missing tools to the real runner', async () => {
    const fakes = setupFakeTools({ restOfPath: '/usr/bin:/bin' });
    made.push(fakes);
    const runner = fakes.runner;
    expect((await runner.run('echo', ['hi'], { env: fakes.env })).stdout).toBe('hi');
    expect((await runner.run('bash', ['-c', 'set -euo pipefail; kind version | tr a-z A-Z'], { env: fakes.env })).stdout).toBe('KIND V0.31.0 GO1.25.5 LINUX/AMD64');
    const missing = (await runner.run('no-such-tool-xyz', [], { env: fakes.env }).catch((e: unknown) => e)) as HarnessError;
    expect(missing.code).toBe('TOOL_NOT_FOUND');
    expect(runner.calls.map((c) => c.inProcess)).toEqual([null, null, null]);
  });

  it('understands only the plans\' two script shapes, with unquoted words', () => {
    expect(parsePlanScript('set -euo pipefail; linkerd install --crds | kubectl apply -f -')).toEqual({ kind: 'pipe', left: ['linkerd', 'install', '--crds'], right: ['kubectl', 'apply', '-f', '-'] });
    expect(parsePlanScript('set -euo pipefail; kubectl get crd a.b >/dev/null 2>&1 || kubectl apply -f https://x/y.yaml')).toMatchObject({ kind: 'or' });
    expect(parsePlanScript("set -euo pipefail; linkerd install --set 'a=b c' | kubectl apply -f -")).toBeNull();
    expect(parsePlanScript('set -euo pipefail; a | b | c')).toBeNull();
    expect(parsePlanScript('linkerd install | kubectl apply -f -')).toBeNull();
  });
});
