/**
 * `bench tools install`: makes a pinned CLI available. In order: the binary already in the cache;
 * the one on PATH when its `version` output matches the pin; otherwise the pinned release is
 * downloaded, its SHA-256 checked against the pinned digest (a mismatch refuses, nothing is
 * written), the binary taken out of the archive and written atomically into the cache.
 */
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HarnessError } from '../errors.ts';
import type { CommandRunner } from '../exec/command-runner.ts';
import { extractTarGzMember } from './tar-archive.ts';
import { cachedToolPath, isToolCached } from './tool-cache.ts';
import { assertDigest, downloadBytes, isSha256Hex } from './tool-download.ts';
import { platformKey } from './tool-platform.ts';
import { type ToolRelease, toolVersionProbe } from './tool-releases.ts';

export interface InstallToolOptions {
  release: ToolRelease;
  /** The tools cache directory (tool-cache.ts). */
  cacheRoot: string;
  runner: CommandRunner;
  env?: Record<string, string | undefined> | undefined;
  signal?: AbortSignal | undefined;
  /** Digest to require instead of (or in the absence of) the pinned one. */
  sha256?: string | undefined;
  /** Download even if the cache or PATH already has the version. */
  force?: boolean | undefined;
  downloadTimeoutMs?: number | undefined;
}

export interface InstallToolResult {
  source: 'cache' | 'path' | 'download';
  /** The executable to use. */
  path: string;
  version: string;
  /** Human-readable line for the CLI. */
  summary: string;
}

/** The version a binary reports, or null when it cannot be run or parsed. */
export async function probeToolVersion(options: {
  file: string;
  tool: ToolRelease['tool'];
  runner: CommandRunner;
  env?: Record<string, string | undefined> | undefined;
  signal?: AbortSignal | undefined;
}): Promise<string | null> {
  const probe = toolVersionProbe(options.tool);
  try {
    const result = await options.runner.run(options.file, probe.args, {
      env: options.env,
      signal: options.signal,
      timeoutMs: 30_000,
      allowFailure: true,
    });
    return probe.parse(`${result.stdout}\n${result.stderr}`);
  } catch (err) {
    if (err instanceof HarnessError && err.code === 'TOOL_NOT_FOUND') return null;
    throw err;
  }
}

function expectedDigest(options: InstallToolOptions): string {
  const { release } = options;
  const digest = options.sha256 ?? release.sha256;
  if (!digest) {
    throw new HarnessError('USAGE', `no SHA-256 is pinned for ${release.tool} ${release.version} (${platformKey(release.platform)})`, {
      hint: `print the digest upstream publishes with \`${release.verifyCommand}\`, compare it with the release page, and pass the hex with --sha256 <hex>`,
    });
  }
  if (!isSha256Hex(digest)) throw new HarnessError('USAGE', `"${digest}" is not a SHA-256 hex digest`, { hint: 'pass 64 hex characters' });
  return digest;
}

/** Installs (or finds) one tool; see the file comment for the order. */
export async function installTool(options: InstallToolOptions): Promise<InstallToolResult> {
  const { release } = options;
  const target = cachedToolPath({ root: options.cacheRoot, tool: release.tool, version: release.version });
  const probe = (file: string) => probeToolVersion({ file, tool: release.tool, runner: options.runner, env: options.env, signal: options.signal });
  if (!options.force && isToolCached({ root: options.cacheRoot, tool: release.tool, version: release.version })) {
    return { source: 'cache', path: target, version: release.version, summary: `${release.tool} ${release.version}: already installed at ${target}` };
  }
  if (!options.force && (await probe(release.tool)) === release.version) {
    return { source: 'path', path: release.tool, version: release.version, summary: `${release.tool} ${release.version}: the one on PATH reports the pinned version; using it` };
  }
  const digest = expectedDigest(options);
  const bytes = await downloadBytes({ url: release.url, timeoutMs: options.downloadTimeoutMs ?? 10 * 60_000, signal: options.signal });
  assertDigest({ url: release.url, bytes, expectedSha256: digest });
  const binary = release.archive.type === 'binary' ? bytes : extractTarGzMember(bytes, release.archive.member);
  if (!binary) {
    throw new HarnessError('COMMAND_FAILED', `${release.url} has no ${release.archive.type === 'tar.gz' ? release.archive.member : 'binary'}`, {
      hint: 'the release layout changed: update src/tools/tool-releases.ts',
    });
  }
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  await writeFile(partial, binary, { mode: 0o755 });
  await chmod(partial, 0o755);
  const reported = await probe(partial);
  if (reported !== release.version) {
    await rm(partial, { force: true });
    throw new HarnessError('COMMAND_FAILED', `${release.tool} from ${release.url} reports version ${reported ?? '(none)'}, not ${release.version}`, {
      hint: 'the pinned digest and version disagree: fix src/tools/tool-releases.ts',
    });
  }
  await rename(partial, target);
  return {
    source: 'download',
    path: target,
    version: release.version,
    summary: `${release.tool} ${release.version}: downloaded ${release.url} (SHA-256 ${digest.toLowerCase()} verified) to ${target}`,
  };
}
