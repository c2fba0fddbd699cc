import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/tools/tool-download.ts';
import { runBench } from '../../helpers/cli-harness.ts';
import { buildTarGz, type ReleaseServer, startReleaseServer } from '../../helpers/release-server.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const tarball = buildTarGz({ istioctl: '#!/bin/sh\necho "client version: 1.30.3"\n' });
let server: ReleaseServer;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  server = await startReleaseServer({ '/mirror/istioctl.tar.gz': tarball });
  const home = tempDir('meshbench-tools-cli-');
  env = { PATH: '/usr/bin:/bin', HOME: home, XDG_CACHE_HOME: join(home, 'cache') };
});

afterEach(async () => {
  await server.close();
});

describe('bench tools', () => {
  it('installs from a mirror URL with a given digest and lists the cache', async () => {
    const url = `${server.url}/mirror/istioctl.tar.gz`;
    const run = await runBench(['tools', 'install', 'istioctl', '--url', url, '--sha256', sha256Hex(tarball)], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`istioctl 1.30.3: downloaded ${url}`);
    const list = await runBench(['tools', 'list'], { env });
    expect(list.stdout).toContain(`istioctl 1.30.3  no pinned sha256 (install needs --sha256)  ${join(String(env['XDG_CACHE_HOME']), 'meshbench/tools/istioctl/1.30.3/istioctl')}`);
    expect(list.stdout).toMatch(/helm v3\.18\.4 {2}sha256 f8180838c23d… {2}not cached/);
  });

  it('exits 4 and installs nothing when the digest does not match', async () => {
    const run = await runBench(['tools', 'install', 'istioctl', '--url', `${server.url}/mirror/istioctl.tar.gz`, '--sha256', '0'.repeat(64)], { env });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^error: refusing http:\/\/127\.0\.0\.1:\d+\/mirror\/istioctl\.tar\.gz: SHA-256 [0-9a-f]{64} does not match the pinned 0{64}/);
    expect(run.stderr).toContain('hint: the download is not the pinned release');
  });

  it('exits 2 on unknown tools, bad tool@version and --sha256 with several tools', async () => {
    expect((await runBench(['tools', 'install', 'kumactl'], { env })).code).toBe(2);
    expect((await runBench(['tools', 'install', 'istioctl@'], { env })).code).toBe(2);
    const many = await runBench(['tools', 'install', 'istioctl', 'linkerd', '--sha256', '0'.repeat(64)], { env });
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('--sha256 and --url apply to one tool');
  });

  it('refuses a release with no pinned digest and names where to check one', async () => {
    const run = await runBench(['tools', 'install', 'linkerd@edge-26.6.2'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no SHA-256 is pinned for linkerd edge-26.6.2');
    // Linkerd publishes no .sha256 files since edge-25.9.4: the hint reads GitHub's asset digest.
    expect(run.stderr).toContain('https://api.github.com/repos/linkerd/linkerd2/releases/tags/edge-26.6.2');
    expect(run.stderr).toContain('select(.name == "linkerd2-cli-edge-26.6.2-linux-amd64") | .digest');
    expect(run.stderr).not.toContain('.sha256`');
    expect(server.requests).toEqual([]);
  });
});
