/**
 * The kind preload against the fake docker and kind, under both Docker image stores: the classic
 * store, and the containerd store where `kind load docker-image` of an image pulled by index
 * digest fails in the node's `ctr images import --all-platforms` (kind#3795).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTarget } from '../../../src/config/config-files.ts';
import { hostNodePlatform, planKindProvision, PRELOAD_METHOD } from '../../../src/platform/kind/kind-plan.ts';
import { kindLocalImageTag, WORKLOAD_IMAGE } from '../../../src/workload/kube-workload-image.ts';
import { type FakeTools, setupFakeTools } from '../../helpers/fake-tools.ts';
import { RecordingCommandRunner } from '../../helpers/recording-command-runner.ts';

let fakes: FakeTools | null = null;
let workDir: string | null = null;

afterEach(() => {
  fakes?.cleanup();
  fakes = null;
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = null;
});

/** The fakes run in process (recording-command-runner.ts). */
const inProcess = new RecordingCommandRunner();

async function run(tool: string, args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const r = await inProcess.run(tool, args, { env, allowFailure: true });
  return { code: r.exitCode, stderr: r.stderr };
}

/** A fake cluster with two workers, and the env of the fakes under the given image store. */
async function cluster(store: 'classic' | 'containerd'): Promise<{ env: Record<string, string>; name: string; dir: string }> {
  fakes = setupFakeTools({ env: store === 'containerd' ? { FAKE_DOCKER_IMAGE_STORE: 'containerd' } : {} });
  workDir = mkdtempSync(join(tmpdir(), 'meshbench-kind-plan-'));
  const config = join(workDir, 'kind.yaml');
  writeFileSync(config, 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: worker\n- role: worker\n');
  expect((await run('kind', ['create', 'cluster', '--name', 'c1', '--config', config], fakes.env)).code).toBe(0);
  return { env: fakes.env, name: 'c1', dir: workDir };
}

/** The preload step's commands, as the plan lists them. */
function preloadCommands(options: { name: string; dir: string; nodePlatform?: string }): { tool: string; args: string[] }[] {
  const steps = planKindProvision({ target: loadTarget('baseline').spec, clusterName: options.name, kubeconfigPath: join(options.dir, 'kubeconfig'), workDir: options.dir, nodePlatform: options.nodePlatform });
  const preload = steps.find((s) => s.id === 'preload-images');
  return (preload?.actions ?? []).flatMap((a) => (a.kind === 'command' ? [{ tool: a.tool, args: a.args }] : []));
}

describe('kind preload of the workload image', () => {
  it('the fakes reproduce the containerd-store failure of `kind load docker-image` (the old plan)', async () => {
    const local = kindLocalImageTag();
    const containerd = await cluster('containerd');
    expect((await run('docker', ['pull', WORKLOAD_IMAGE], containerd.env)).code).toBe(0);
    expect((await run('docker', ['tag', WORKLOAD_IMAGE, local], containerd.env)).code).toBe(0);
    const load = await run('kind', ['load', 'docker-image', local, '--name', 'c1', '--nodes', 'c1-worker,c1-worker2'], containerd.env);
    expect(load.code).toBe(1);
    expect(load.stderr).toMatch(/ctr --namespace=k8s\.io images import --all-platforms/);
    expect(load.stderr).toMatch(/ctr: content digest sha256:[0-9a-f]{64}: not found/);
  });

  it('the old plan works under the classic store (the fakes tell the stores apart)', async () => {
    const local = kindLocalImageTag();
    const classic = await cluster('classic');
    expect((await run('docker', ['pull', WORKLOAD_IMAGE], classic.env)).code).toBe(0);
    expect((await run('docker', ['tag', WORKLOAD_IMAGE, local], classic.env)).code).toBe(0);
    expect((await run('kind', ['load', 'docker-image', local, '--name', 'c1'], classic.env)).code).toBe(0);
  });

  for (const store of ['containerd', 'classic'] as const) {
    it(`the plan's single-platform preload succeeds under the ${store} store`, async () => {
      const c = await cluster(store);
      const commands = preloadCommands({ name: c.name, dir: c.dir, nodePlatform: 'linux/amd64' });
      for (const cmd of commands) {
        const r = await run(cmd.tool, cmd.args, c.env);
        expect(r.stderr, `${cmd.tool} ${cmd.args.join(' ')}`).not.toMatch(/ERROR|Error/);
        expect(r.code).toBe(0);
      }
      expect(commands.map((cmd) => `${cmd.tool} ${cmd.args[0]} ${cmd.args[1]}`)).toEqual([
        'docker pull --platform',
        `docker tag ${WORKLOAD_IMAGE}`,
        'docker save --platform',
        `kind load image-archive`,
      ]);
    });
  }

  it('names the node platform and the method in the plan', () => {
    const steps = planKindProvision({ target: loadTarget('baseline').spec, clusterName: 'c1', kubeconfigPath: '/w/kubeconfig', workDir: '/w', nodePlatform: 'linux/arm64' });
    const preload = steps.find((s) => s.id === 'preload-images');
    expect(preload?.title).toContain('linux/arm64');
    expect(preload?.title).toContain(PRELOAD_METHOD);
    const args = (preload?.actions ?? []).flatMap((a) => (a.kind === 'command' ? [a.args.join(' ')] : []));
    expect(args[0]).toBe(`pull --platform linux/arm64 ${WORKLOAD_IMAGE}`);
    expect(args[2]).toBe(`save --platform linux/arm64 -o /w/workload-image-linux-arm64.tar ${kindLocalImageTag()}`);
    expect(args[3]).toBe('load image-archive /w/workload-image-linux-arm64.tar --name c1 --nodes c1-worker,c1-worker2');
    expect(hostNodePlatform('x64')).toBe('linux/amd64');
    expect(hostNodePlatform('arm64')).toBe('linux/arm64');
  });
});
