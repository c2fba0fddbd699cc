import { existsSync, readdirSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { ExecaCommandRunner } from '../../src/exec/command-runner.ts';
import { installTool } from '../../src/tools/install-tool.ts';
import { cachedToolPath } from '../../src/tools/tool-cache.ts';
import { sha256Hex } from '../../src/tools/tool-download.ts';
import { type ToolRelease, toolRelease } from '../../src/tools/tool-releases.ts';
import { buildTarGz, type ReleaseServer, startReleaseServer } from '../helpers/release-server.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const LINUX = { os: 'linux', arch: 'amd64' } as const;
const FAKE_ISTIOCTL = '#!/bin/sh\necho "client version: 1.30.3"\n';
const FAKE_LINKERD = '#!/bin/sh\necho "edge-26.8.3"\n';

let server: ReleaseServer;
let cacheRoot: string;
let emptyBin: string;
const runner = new ExecaCommandRunner();
const tarball = buildTarGz({ istioctl: FAKE_ISTIOCTL });

beforeEach(async () => {
  server = await startReleaseServer({
    '/istio/istioctl-1.30.3-linux-amd64.tar.gz': tarball,
    '/linkerd/linkerd2-cli-edge-26.8.3-linux-amd64': Buffer.from(FAKE_LINKERD),
    '/istio/wrong-version.tar.gz': buildTarGz({ istioctl: '#!/bin/sh\necho "client version: 1.27.0"\n' }),
  });
  const dir = tempDir('meshbench-tools-');
  cacheRoot = join(dir, 'cache', 'meshbench', 'tools');
  emptyBin = join(dir, 'bin');
  mkdirSync(emptyBin);
});

afterEach(async () => {
  await server.close();
});

function istioRelease(overrides: Partial<ToolRelease> = {}): ToolRelease {
  return { ...toolRelease({ tool: 'istioctl', platform: LINUX }), url: `${server.url}/redirect/istio/istioctl-1.30.3-linux-amd64.tar.gz`, ...overrides };
}

const env = () => ({ PATH: `${emptyBin}:/usr/bin:/bin` });

describe('bench tools install', () => {
  it('downloads the pinned release (following a redirect), checks its SHA-256, extracts the binary and caches it', async () => {
    const result = await installTool({ release: istioRelease(), cacheRoot, runner, env: env(), sha256: sha256Hex(tarball) });
    const path = cachedToolPath({ root: cacheRoot, tool: 'istioctl', version: '1.30.3' });
    expect(result).toMatchObject({ source: 'download', path, version: '1.30.3' });
    expect(result.summary).toContain(`SHA-256 ${sha256Hex(tarball)} verified`);
    expect(statSync(path).mode & 0o777).toBe(0o755);
    expect(server.requests).toEqual(['/redirect/istio/istioctl-1.30.3-linux-amd64.tar.gz', '/istio/istioctl-1.30.3-linux-amd64.tar.gz']);
    const again = await installTool({ release: istioRelease(), cacheRoot, runner, env: env(), sha256: sha256Hex(tarball) });
    expect(again.source).toBe('cache');
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a download whose digest does not match and writes nothing', async () => {
    const wrong = 'a'.repeat(64);
    const attempt = installTool({ release: istioRelease({ sha256: wrong }), cacheRoot, runner, env: env() });
    await expect(attempt).rejects.toThrow(HarnessError);
    await expect(installTool({ release: istioRelease({ sha256: wrong }), cacheRoot, runner, env: env() })).rejects.toThrow(
      new RegExp(`refusing .*SHA-256 ${sha256Hex(tarball)} does not match the pinned ${wrong}`),
    );
    expect(existsSync(cacheRoot)).toBe(false);
  });

  it('refuses a release without a pinned digest unless one is passed, naming the checksum URL', async () => {
    const attempt = installTool({ release: istioRelease({ sha256: null }), cacheRoot, runner, env: env() });
    await expect(attempt).rejects.toMatchObject({
      code: 'USAGE',
      hint: expect.stringContaining('https://github.com/istio/istio/releases/download/1.30.3/istioctl-1.30.3-linux-amd64.tar.gz.sha256'),
    });
    expect(server.requests).toEqual([]);
  });

  it('uses the CLI on PATH when its version output matches the pin, without downloading', async () => {
    writeFileSync(join(emptyBin, 'istioctl'), FAKE_ISTIOCTL);
    chmodSync(join(emptyBin, 'istioctl'), 0o755);
    const result = await installTool({ release: istioRelease({ sha256: null }), cacheRoot, runner, env: env() });
    expect(result).toMatchObject({ source: 'path', path: 'istioctl' });
    expect(server.requests).toEqual([]);
  });

  it('downloads plain binaries (linkerd) and refuses an archive whose binary reports another version', async () => {
    const binary = Buffer.from(FAKE_LINKERD);
    const linkerd = { ...toolRelease({ tool: 'linkerd', platform: LINUX }), url: `${server.url}/linkerd/linkerd2-cli-edge-26.8.3-linux-amd64` };
    expect(linkerd.archive).toEqual({ type: 'binary' });
    const result = await installTool({ release: linkerd, cacheRoot, runner, env: env(), sha256: sha256Hex(binary) });
    expect(result.source).toBe('download');
    const wrongTar = buildTarGz({ istioctl: '#!/bin/sh\necho "client version: 1.27.0"\n' });
    const mismatch = installTool({ release: istioRelease({ url: `${server.url}/istio/wrong-version.tar.gz` }), cacheRoot, runner, env: env(), sha256: sha256Hex(wrongTar), force: true });
    await expect(mismatch).rejects.toThrow(/reports version 1.27.0, not 1.30.3/);
    expect(readdirSync(join(cacheRoot, 'istioctl', '1.30.3'))).toEqual([]);
  });
});
