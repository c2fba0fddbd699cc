/**
 * `bench doctor [--platform P] [--target T]`: the tools a platform (and a target's mesh) needs,
 * what each is needed for, the version found, and how to install what is missing. Exit 3 when a
 * required tool is missing or unusable.
 */
import type { Command } from 'commander';
import { loadTarget } from '../../config/config-files.ts';
import { type MeshReleaseLine, meshReleaseLine, nodeImageKubernetesMinor, pastEolWarnings } from '../../config/release-pins.ts';
import { type PlatformName, PlatformNameSchema, type Target } from '../../config/target-schema.ts';
import { ExitCode, usageError } from '../../errors.ts';
import { ExecaCommandRunner } from '../../exec/command-runner.ts';
import { requiredTools } from '../../platform/required-tools.ts';
import { currentHost, netnsPrivilegeProblem } from '../../platform/local/netns/netns-preflight.ts';
import { isBlocking, probeTools, remedy, type ToolProbe } from '../../platform/tool-versions.ts';
import { renderTextTable } from '../../render/aligned-table.ts';
import { type CliContext, writeLine } from '../cli-context.ts';
import { jsonDestination, jsonOption, type JsonFlag, tableStream, writeJson } from './json-output.ts';

interface DoctorFlags {
  platform: string;
  target?: string;
  json?: JsonFlag;
}

function status(p: ToolProbe): string {
  if (!p.found) return p.required ? 'MISSING' : 'missing (optional)';
  if (isBlocking(p)) return 'UNUSABLE';
  if (p.problem) return `ok (${p.problem})`;
  return 'ok';
}

/** The doctor's table as lines (pure). */
export function renderDoctorTable(probes: readonly ToolProbe[]): string[] {
  const rows = probes.map((p) => [p.tool, p.why, p.version ?? '-', status(p), p.found && !isBlocking(p) ? '' : remedy(p)]);
  const header = ['TOOL', 'NEEDED FOR', 'VERSION', 'STATUS', 'HOW TO FIX'];
  const problems = probes.filter((p) => p.found && p.problem).map((p) => `${p.tool}: ${p.problem}`);
  return [...renderTextTable({ rows: [header, ...rows] }), ...(problems.length ? ['', ...problems] : [])];
}

export function registerDoctorCommand(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('check the tools a platform and target need: versions found, how to install what is missing')
    .option('-p, --platform <platform>', 'kind | existing | local', 'kind')
    .option('-t, --target <target>', 'also check the CLIs of this target\'s mesh')
    .addOption(jsonOption('every tool with its version, status and fix'))
    .action(async (flags: DoctorFlags) => {
      const json = jsonDestination({ flag: flags.json, cwd: ctx.cwd, what: 'JSON doctor report' });
      const table = tableStream(ctx, json);
      const parsed = PlatformNameSchema.safeParse(flags.platform);
      if (!parsed.success) throw usageError(`unknown platform "${flags.platform}"`, 'use kind, existing or local');
      const platform: PlatformName = parsed.data;
      const target: Target | null = flags.target ? loadTarget(flags.target, ctx.cwd).spec : null;
      const tools = requiredTools({ platform, target });
      const probes = await probeTools(tools, { runner: ctx.runner ?? new ExecaCommandRunner(), env: ctx.env, signal: ctx.signal });
      for (const l of renderDoctorTable(probes)) writeLine(table, l);
      const mesh = target?.mesh;
      const line: MeshReleaseLine | null = mesh && (mesh.name === 'istio' || mesh.name === 'linkerd' || mesh.name === 'cilium') ? meshReleaseLine(mesh.name, mesh.version) : null;
      const minor = target && platform === 'kind' ? nodeImageKubernetesMinor(target.cluster.nodeImage) : null;
      const warnings = pastEolWarnings({ today: new Date().toISOString().slice(0, 10), kubernetesMinor: minor, meshLines: line ? [line] : [] });
      for (const w of warnings) writeLine(ctx.stderr, `warning: ${w}`);
      const blocking = probes.filter(isBlocking);
      // The netns targets also need the privilege to create namespaces (docs/netns-targets.md).
      const netnsProblem = platform === 'local' ? netnsPrivilegeProblem(currentHost()) : null;
      const netnsBlocks = netnsProblem !== null && target?.mesh.name === 'netns';
      if (json) {
        writeJson(ctx, json, {
          platform,
          target: target?.name ?? null,
          ready: blocking.length === 0 && !netnsBlocks,
          tools: probes.map((p) => ({
            tool: p.tool,
            neededFor: p.why,
            required: p.required,
            found: p.found,
            version: p.version,
            status: status(p),
            problem: p.problem,
            fix: p.found && !isBlocking(p) ? null : remedy(p),
          })),
          networkNamespaces: platform === 'local' ? { available: netnsProblem === null, problem: netnsProblem } : null,
          warnings,
        });
      }
      if (platform === 'local') {
        const problem = netnsProblem;
        writeLine(table, '');
        writeLine(table, `network namespaces (netns-* targets): ${problem ? `unavailable: ${problem}` : 'available'}`);
        if (problem && target?.mesh.name === 'netns') {
          writeLine(ctx.stderr, `error: target ${target.name} cannot run here: ${problem}`);
          writeLine(ctx.stderr, 'hint: run as root on Linux (or give node CAP_NET_ADMIN), or use another local target');
          ctx.exitCode = ExitCode.ToolMissing;
          return;
        }
      }
      if (blocking.length > 0) {
        writeLine(ctx.stderr, `error: missing or unusable for the ${platform} platform: ${blocking.map((p) => p.tool).join(', ')}`);
        if (platform !== 'local') writeLine(ctx.stderr, 'hint: install them (see the table), or run without a cluster: --platform local');
        ctx.exitCode = ExitCode.ToolMissing;
      } else {
        writeLine(ctx.stderr, `ready for the ${platform} platform${target ? ` and target ${target.name}` : ''}`);
      }
    });
}
