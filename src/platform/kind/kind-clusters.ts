/**
 * Leftover clusters: `kind get clusters` filtered to meshbench's prefix, and their deletion
 * (`bench clusters list`, `bench clusters prune`).
 */
import type { CommandRunner } from '../../exec/command-runner.ts';
import { isMeshbenchCluster } from './kind-cluster-name.ts';

/** Parses `kind get clusters` (one name per line; "No kind clusters found." goes to stderr). */
export function parseKindClusters(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('No kind clusters'));
}

/** Every kind cluster, split into meshbench's and the others. */
export async function listKindClusters(runner: CommandRunner, env?: Record<string, string | undefined>): Promise<{ meshbench: string[]; other: string[] }> {
  const result = await runner.run('kind', ['get', 'clusters'], { env, timeoutMs: 60_000 });
  const all = parseKindClusters(result.stdout);
  return { meshbench: all.filter(isMeshbenchCluster), other: all.filter((n) => !isMeshbenchCluster(n)) };
}

/** Deletes one cluster (idempotent). */
export async function deleteKindCluster(runner: CommandRunner, name: string, env?: Record<string, string | undefined>): Promise<void> {
  await runner.run('kind', ['delete', 'cluster', '--name', name], { env, timeoutMs: 5 * 60_000 });
}
