/**
 * `bench tools install [tool[@version]…]` and `bench tools list`: the pinned mesh CLIs in the
 * cache (~/.cache/meshbench/tools/<tool>/<version>/), SHA-256 checked against pinned digests.
 */
import type { Command } from 'commander';
import { MESH_RELEASE_LINES, pastEolWarnings } from '../../config/release-pins.ts';
import { usageError } from '../../errors.ts';
import { ExecaCommandRunner } from '../../exec/command-runner.ts';
import { installTool } from '../../tools/install-tool.ts';
import { isToolCached, cachedToolPath, toolsCacheRoot } from '../../tools/tool-cache.ts';
import { currentToolPlatform } from '../../tools/tool-platform.ts';
import { TOOL_NAMES, type ToolName, isToolName, pinnedToolVersion, toolRelease } from '../../tools/tool-releases.ts';
import { type CliContext, writeLine } from '../cli-context.ts';
import { jsonDestination, jsonOption, type JsonFlag, tableStream, writeJson } from './json-output.ts';

interface InstallFlags {
  sha256?: string;
  url?: string;
  force?: boolean;
}

/** `istioctl@1.27.1` → { tool, version }. */
export function parseToolArgument(text: string): { tool: ToolName; version: string | undefined } {
  const [name = '', version] = text.split('@');
  if (!isToolName(name)) throw usageError(`unknown tool "${name}"`, `known tools: ${TOOL_NAMES.join(', ')}`);
  if (version === '') throw usageError(`"${text}" names no version`, 'write tool@version, e.g. istioctl@1.28.3');
  return { tool: name, version };
}

export function registerToolsCommand(program: Command, ctx: CliContext): void {
  const tools = program.command('tools').description('pinned mesh CLIs (istioctl, linkerd, cilium, helm)');
  tools
    .command('install')
    .description('download the pinned CLIs into the cache, verifying SHA-256 (or use the one on PATH if its version matches)')
    .argument('[tools...]', `${TOOL_NAMES.join(', ')}; tool@version for another release (default: all, pinned versions)`)
    .option('--sha256 <hex>', 'required digest of the download (for a release without a pinned digest); one tool only')
    .option('--url <url>', 'download from this URL (a mirror of the same file); one tool only')
    .option('--force', 'download even if the cache or PATH already has the version')
    .action(async (names: string[], flags: InstallFlags) => {
      const wanted = (names.length > 0 ? names : [...TOOL_NAMES]).map(parseToolArgument);
      if ((flags.sha256 || flags.url) && wanted.length !== 1) throw usageError('--sha256 and --url apply to one tool', 'name exactly one tool');
      const platform = currentToolPlatform();
      const runner = ctx.runner ?? new ExecaCommandRunner();
      const cacheRoot = toolsCacheRoot(ctx.env);
      for (const { tool, version } of wanted) {
        const release = toolRelease({ tool, version, platform });
        const result = await installTool({
          release: flags.url ? { ...release, url: flags.url } : release,
          cacheRoot,
          runner,
          env: ctx.env,
          signal: ctx.signal,
          sha256: flags.sha256,
          force: flags.force,
        });
        writeLine(ctx.stdout, result.summary);
      }
    });
  tools
    .command('list')
    .description('pinned versions, digests and what the cache holds')
    .addOption(jsonOption('the cache folder and every pinned tool (version, sha256, cached path)'))
    .action((flags: { json?: JsonFlag }) => {
      const json = jsonDestination({ flag: flags.json, cwd: ctx.cwd, what: 'JSON tool list' });
      const table = tableStream(ctx, json);
      const platform = currentToolPlatform();
      const root = toolsCacheRoot(ctx.env);
      writeLine(table, `cache: ${root}`);
      const listed = TOOL_NAMES.map((tool) => {
        const release = toolRelease({ tool, platform });
        const cached = isToolCached({ root, tool, version: release.version });
        return { tool, version: pinnedToolVersion(tool), sha256: release.sha256 ?? null, path: cached ? cachedToolPath({ root, tool, version: release.version }) : null };
      });
      for (const t of listed) {
        const digest = t.sha256 ? `sha256 ${t.sha256.slice(0, 12)}…` : 'no pinned sha256 (install needs --sha256)';
        writeLine(table, `${t.tool} ${t.version}  ${digest}  ${t.path ?? 'not cached'}`);
      }
      const pinnedLines = MESH_RELEASE_LINES.filter((l) => TOOL_NAMES.some((t) => pinnedToolVersion(t) === l.latest));
      const warnings = pastEolWarnings({ today: new Date().toISOString().slice(0, 10), kubernetesMinor: null, meshLines: pinnedLines, helm: true });
      for (const w of warnings) writeLine(ctx.stderr, `warning: ${w}`);
      if (json) writeJson(ctx, json, { cache: root, platform, tools: listed.map((t) => ({ ...t, cached: t.path !== null })), warnings });
    });
}
