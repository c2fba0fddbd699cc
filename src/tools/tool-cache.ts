/**
 * Where `bench tools install` keeps the pinned CLIs: `<cache>/meshbench/tools/<tool>/<version>/<tool>`
 * with `<cache>` = `$XDG_CACHE_HOME` or `~/.cache`. The plan refers to binaries there by path
 * (MeshPlanContext.toolsDir is the `tools` directory).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The tools directory of the cache. */
export function toolsCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache');
  return join(base, 'meshbench', 'tools');
}

/** Path of a cached tool binary. */
export function cachedToolPath(options: { root: string; tool: string; version: string }): string {
  return join(options.root, options.tool, options.version, options.tool);
}

/** True when that binary exists. */
export function isToolCached(options: { root: string; tool: string; version: string }): boolean {
  return existsSync(cachedToolPath(options));
}
