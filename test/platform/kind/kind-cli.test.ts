/** `bench clusters list|prune` and `bench doctor` through the CLI, with the fake tools on PATH. */
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_BIN_DIR, type FakeTools, setupFakeTools } from '../../helpers/fake-tools.ts';
import { runBench } from '../../helpers/cli-harness.ts';
import { RecordingCommandRunner } from '../../helpers/recording-command-runner.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

let fakes: FakeTools | undefined;
/** Runs the fake tools in process (real tools, e.g. a missing kind, as the real runner would). */
const inProcess = new RecordingCommandRunner();
afterEach(() => {
  fakes?.cleanup();
});

async function createClusters(names: string[]): Promise<void> {
  for (const name of names) await inProcess.run('kind', ['create', 'cluster', '--name', name], { env: fakes?.env });
}

/** A private, empty temp dir: local runs of other processes on this machine stay out of the listing. */
const privateTmp = tempDir('meshbench-clusters-tmp-');
const noLocalRuns = () => ({ TMPDIR: privateTmp });

describe('bench clusters', () => {
  it('lists only meshbench\'s clusters', async () => {
    fakes = setupFakeTools();
    await createClusters(['meshbench-baseline-abc123', 'kind', 'meshbench-istio-ambient-def456']);
    const run = await runBench(['clusters', 'list'], { env: { ...process.env, ...fakes.env, ...noLocalRuns() }, runner: inProcess });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('meshbench-baseline-abc123\nmeshbench-istio-ambient-def456\n');
    expect(run.stderr).toContain('1 other kind cluster(s) not shown');
    expect(run.stderr).toContain('2 meshbench cluster(s); 0 leftover local run(s)');
  });

  it('prune asks for --yes, then deletes only meshbench\'s clusters', async () => {
    fakes = setupFakeTools();
    await createClusters(['meshbench-baseline-abc123', 'kind']);
    const dry = await runBench(['clusters', 'prune'], { env: { ...process.env, ...fakes.env, ...noLocalRuns() }, runner: inProcess });
    expect(dry.stdout).toBe('would delete meshbench-baseline-abc123\n');
    expect(dry.stderr).toContain('re-run with --yes');
    expect(fakes.calls('kind').some((c) => c.argv[0] === 'delete')).toBe(false);
    const run = await runBench(['clusters', 'prune', '--yes'], { env: { ...process.env, ...fakes.env, ...noLocalRuns() }, runner: inProcess });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('deleted meshbench-baseline-abc123\n');
    expect(fakes.calls('kind').filter((c) => c.argv[0] === 'delete').map((c) => c.argv)).toEqual([['delete', 'cluster', '--name', 'meshbench-baseline-abc123']]);
    const after = await runBench(['clusters', 'list'], { env: { ...process.env, ...fakes.env, ...noLocalRuns() }, runner: inProcess });
    expect(after.stdout).toBe('');
  });

  it('bench run without kind or docker: the install hint and --platform local, and nothing to tear down', async () => {
    const out = join(tempDir('meshbench-nokind-'), 'r.json');
    const run = await runBench(['run', 'baseline', '--platform', 'kind', '--scenario', 'smoke', '--out', out], { env: { ...process.env, PATH: '/usr/bin:/bin' }, runner: inProcess });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('error: required tools are missing or unusable: kind, docker (needed for the kind platform)');
    expect(run.stderr).toMatch(/hint: install kind v0\.31\.0: .*\(or use --platform local\)/);
    // The preflight failed before anything was created: no teardown attempt, no diagnostics.
    expect(run.stderr).not.toContain('teardown');
    expect(run.stderr).not.toContain('diagnostics');
    expect(existsSync(`${out.replace(/\.json$/, '')}.diagnostics`)).toBe(false);
  });

  it('without kind it says so and still looks for local leftovers', async () => {
    const run = await runBench(['clusters', 'list'], { env: { ...process.env, PATH: '/usr/bin:/bin', ...noLocalRuns() }, runner: inProcess });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('kind is not installed: no kind clusters to check');
    expect(run.stderr).toContain('0 meshbench cluster(s); 0 leftover local run(s)');
  });
});

describe('bench doctor', () => {
  it('prints each tool, what it is for, the version found and its status', async () => {
    fakes = setupFakeTools({ restOfPath: '/usr/bin:/bin' });
    const run = await runBench(['doctor', '--platform', 'kind'], { env: { ...process.env, ...fakes.env, ...noLocalRuns() }, runner: inProcess });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TOOL\s+NEEDED FOR\s+VERSION\s+STATUS\s+HOW TO FIX$/);
    expect(lines[1]).toMatch(/^kind\s+create, load images into and delete kind clusters\s+v0\.31\.0\s+ok$/);
    expect(lines[2]).toMatch(/^docker\s+.*\s+28\.5\.1\s+ok$/);
    expect(lines[3]).toMatch(/^kubectl\s+.*\s+v1\.34\.1\s+ok$/);
    expect(run.stderr).toContain('ready for the kind platform');
  });

  it('lists the mesh CLIs of a target', async () => {
    fakes = setupFakeTools({ restOfPath: '/usr/bin:/bin' });
    const run = await runBench(['doctor', '--target', 'istio-ambient'], { env: { ...process.env, ...fakes.env, ...noLocalRuns() }, runner: inProcess });
    expect(run.stdout).toMatch(/^istioctl\s+installs Istio 1\.30\.3/m);
  });

  it('exits 3 when a required tool is missing, saying how to install it or to use --platform local', async () => {
    const bin = tempDir('meshbench-path-');
    symlinkSync(join(FAKE_BIN_DIR, 'docker'), join(bin, 'docker'));
    const run = await runBench(['doctor'], { env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` }, runner: inProcess });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^kind\s+.*\s+-\s+MISSING\s+install kind v0\.31\.0: https:\/\/kind\.sigs\.k8s\.io\/docs\/user\/quick-start\/#installation \(or use --platform local\)$/m);
    expect(run.stderr).toContain('error: missing or unusable for the kind platform: kind');
    expect(run.stderr).toContain('--platform local');
  });

  it('the local platform needs only node', async () => {
    const run = await runBench(['doctor', '--platform', 'local', '--target', 'baseline'], { env: { ...process.env, PATH: '/usr/bin:/bin' }, runner: inProcess });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^node\s+run the order-service and the load agents\s+v20\.\d+\.\d+\s+ok$/m);
  });

  it('a mesh that calls kubectl makes it required: doctor --target linkerd says so', async () => {
    fakes = setupFakeTools({ restOfPath: '/usr/bin:/bin' });
    const run = await runBench(['doctor', '--platform', 'kind', '--target', 'linkerd'], { env: { ...process.env, ...fakes.env }, runner: inProcess });
    expect(run.code).toBe(0);
    // One kubectl row: the mesh's reason (required), not the platform's optional one.
    const kubectl = run.stdout.split('\n').filter((l) => l.startsWith('kubectl'));
    expect(kubectl).toHaveLength(1);
    expect(kubectl[0]).toMatch(/^kubectl\s+applies the manifests `linkerd install` renders\s+v1\.34\.1\s+ok$/);
    expect(kubectl[0]).not.toContain('optional');
  });

  it('warns when kind is not the release the node image was published for', async () => {
    fakes = setupFakeTools({ restOfPath: '/usr/bin:/bin', env: { FAKE_KIND_VERSION: 'v0.30.0' } });
    const run = await runBench(['doctor', '--platform', 'kind', '--target', 'baseline'], { env: { ...process.env, ...fakes.env }, runner: inProcess });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^kind\s+.*v0\.30\.0\s+ok \(the node image kindest\/node:v1\.35\.0 is published for kind v0\.31\.0; found v0\.30\.0\)/m);
  });
});
