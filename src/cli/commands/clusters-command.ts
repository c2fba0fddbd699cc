/**
 * `bench clusters list` and `bench clusters prune [--yes]`: kind clusters meshbench created
 * (name prefix `meshbench-`) and left behind, e.g. after --keep or a killed run.
 */
import type { Command } from 'commander';
import { ExecaCommandRunner } from '../../exec/command-runner.ts';
import { deleteKindCluster, listKindClusters } from '../../platform/kind/kind-clusters.ts';
import { KIND_CLUSTER_PREFIX } from '../../platform/kind/kind-cluster-name.ts';
import { findNetnsLeftovers, removeNetnsLeftovers } from '../../platform/local/netns/netns-cleanup.ts';
import { type CliContext, writeLine } from '../cli-context.ts';

export function registerClustersCommand(program: Command, ctx: CliContext): void {
  const clusters = program.command('clusters').description(`kind clusters created by meshbench (named ${KIND_CLUSTER_PREFIX}…)`);
  clusters
    .command('list')
    .description('list meshbench\'s kind clusters')
    .action(async () => {
      const { meshbench, other } = await listKindClusters(new ExecaCommandRunner(), ctx.env);
      for (const name of meshbench) writeLine(ctx.stdout, name);
      writeLine(ctx.stderr, `${meshbench.length} meshbench cluster(s)${other.length ? `; ${other.length} other kind cluster(s) not shown` : ''}`);
    });
  clusters
    .command('prune')
    .description('delete meshbench\'s kind clusters and the network namespaces of dead netns runs (asks for --yes)')
    .option('-y, --yes', 'really delete them')
    .action(async (flags: { yes?: boolean }) => {
      const runner = new ExecaCommandRunner();
      // Local netns runs (mb-<6 hex>-…) whose bench process is gone: docs/netns-targets.md.
      const leftovers = await findNetnsLeftovers(runner);
      for (const l of leftovers) writeLine(ctx.stdout, `${flags.yes ? 'deleting' : 'would delete'} network namespace ${l.netns} (${l.reason})`);
      if (flags.yes && leftovers.length > 0) {
        const deleted = await removeNetnsLeftovers(runner, leftovers);
        writeLine(ctx.stderr, `deleted ${deleted.length} network namespace(s)`);
      }
      const { meshbench } = await listKindClusters(runner, ctx.env);
      if (meshbench.length === 0) {
        writeLine(ctx.stderr, 'no meshbench clusters to delete');
        return;
      }
      if (!flags.yes) {
        for (const name of meshbench) writeLine(ctx.stdout, `would delete ${name}`);
        writeLine(ctx.stderr, `re-run with --yes to delete ${meshbench.length} cluster(s)`);
        return;
      }
      for (const name of meshbench) {
        await deleteKindCluster(runner, name, ctx.env);
        writeLine(ctx.stdout, `deleted ${name}`);
      }
    });
}
