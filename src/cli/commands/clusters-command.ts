/**
 * `bench clusters list` and `bench clusters prune [--yes]`: what meshbench left behind — kind
 * clusters it created (name prefix `meshbench-`), e.g. after --keep or a killed run, and local
 * runs whose harness was killed (their processes and temp folder, platform/local/local-leftovers.ts).
 */
import { tmpdir } from 'node:os';
import type { Command } from 'commander';
import { HarnessError } from '../../errors.ts';
import { ExecaCommandRunner } from '../../exec/command-runner.ts';
import { deleteKindCluster, listKindClusters } from '../../platform/kind/kind-clusters.ts';
import { KIND_CLUSTER_PREFIX } from '../../platform/kind/kind-cluster-name.ts';
import { findLocalRunFolders, type LocalRunFolder, pruneLocalRunFolder } from '../../platform/local/local-leftovers.ts';
import { findNetnsLeftovers, removeNetnsLeftovers } from '../../platform/local/netns/netns-cleanup.ts';
import { type CliContext, writeLine } from '../cli-context.ts';
import { jsonDestination, jsonOption, type JsonFlag, tableStream, writeJson } from './json-output.ts';

/** meshbench's kind clusters, or none when kind is not installed (a machine that only runs locally). */
async function kindClusters(runner: ExecaCommandRunner, ctx: CliContext): Promise<string[]> {
  try {
    const { meshbench, other } = await listKindClusters(runner, ctx.env);
    if (other.length > 0) writeLine(ctx.stderr, `${other.length} other kind cluster(s) not shown`);
    return meshbench;
  } catch (err) {
    if (err instanceof HarnessError && err.code === 'TOOL_NOT_FOUND') {
      writeLine(ctx.stderr, 'kind is not installed: no kind clusters to check');
      return [];
    }
    throw err;
  }
}

/** Local run folders under the temp dir the runs use ($TMPDIR as os.tmpdir() reads it). */
function localRuns(ctx: CliContext): LocalRunFolder[] {
  return findLocalRunFolders(ctx.env['TMPDIR'] || tmpdir());
}

function describeLocalRun(run: LocalRunFolder): string {
  const ids = run.runIds.join(', ');
  if (run.harnessAlive) return `local run ${ids}: still running (harness pid ${run.harnessPid}), ${run.dir}`;
  const processes = run.running.map((p) => `${p.component} (pid ${p.pid})`).join(', ');
  return `leftover local run ${ids}: ${run.running.length ? `${processes} still running` : 'no process left'}; folder ${run.dir}`;
}

export function registerClustersCommand(program: Command, ctx: CliContext): void {
  const clusters = program.command('clusters').description(`what meshbench left behind: kind clusters (named ${KIND_CLUSTER_PREFIX}…) and local runs whose harness was killed`);
  clusters
    .command('list')
    .description('list meshbench\'s kind clusters and local runs (running or left behind)')
    .addOption(jsonOption('the kind clusters and local runs'))
    .action(async (flags: { json?: JsonFlag }) => {
      const json = jsonDestination({ flag: flags.json, cwd: ctx.cwd, what: 'JSON cluster list' });
      const table = tableStream(ctx, json);
      const meshbench = await kindClusters(ctx.runner ?? new ExecaCommandRunner(), ctx);
      for (const name of meshbench) writeLine(table, name);
      const runs = localRuns(ctx);
      for (const run of runs) writeLine(table, describeLocalRun(run));
      const leftovers = runs.filter((r) => !r.harnessAlive).length;
      if (json) {
        writeJson(ctx, json, {
          kindClusters: meshbench,
          localRuns: runs.map((r) => ({
            runIds: r.runIds,
            folder: r.dir,
            state: r.harnessAlive ? 'running' : 'leftover',
            harnessPid: r.harnessPid,
            processes: r.running.map((p) => ({ component: p.component, pid: p.pid })),
          })),
        });
      }
      writeLine(ctx.stderr, `${meshbench.length} meshbench cluster(s); ${leftovers} leftover local run(s)${runs.length > leftovers ? `; ${runs.length - leftovers} local run(s) in progress` : ''}`);
    });
  clusters
    .command('prune')
    .description('delete meshbench\'s kind clusters, stop leftover local runs and delete the network namespaces of dead netns runs (asks for --yes)')
    .option('-y, --yes', 'really delete them')
    .action(async (flags: { yes?: boolean }) => {
      const runner = ctx.runner ?? new ExecaCommandRunner();
      // Local netns runs (mb-<6 hex>-…) whose bench process is gone: docs/netns-targets.md.
      const netnsLeftovers = await findNetnsLeftovers(runner);
      for (const l of netnsLeftovers) writeLine(ctx.stdout, `${flags.yes ? 'deleting' : 'would delete'} network namespace ${l.netns} (${l.reason})`);
      if (flags.yes && netnsLeftovers.length > 0) {
        const deleted = await removeNetnsLeftovers(runner, netnsLeftovers);
        writeLine(ctx.stderr, `deleted ${deleted.length} network namespace(s)`);
      }
      const meshbench = await kindClusters(runner, ctx);
      const leftovers = localRuns(ctx).filter((r) => !r.harnessAlive);
      if (meshbench.length === 0 && leftovers.length === 0) {
        writeLine(ctx.stderr, 'no meshbench clusters or leftover local runs');
        return;
      }
      if (!flags.yes) {
        for (const name of meshbench) writeLine(ctx.stdout, `would delete ${name}`);
        for (const run of leftovers) {
          const processes = run.running.map((p) => `${p.component} (pid ${p.pid})`);
          writeLine(ctx.stdout, `would ${processes.length ? `stop ${processes.join(', ')} and ` : ''}remove ${run.dir}`);
        }
        writeLine(ctx.stderr, `re-run with --yes to delete ${meshbench.length} cluster(s) and ${leftovers.length} leftover local run(s)`);
        return;
      }
      for (const name of meshbench) {
        await deleteKindCluster(runner, name, ctx.env);
        writeLine(ctx.stdout, `deleted ${name}`);
      }
      for (const run of leftovers) {
        const stopped = await pruneLocalRunFolder(run);
        for (const p of stopped) writeLine(ctx.stdout, `stopped ${p.component} (pid ${p.pid}) of local run ${run.runIds.join(', ')}`);
        writeLine(ctx.stdout, `removed ${run.dir}`);
      }
    });
}
