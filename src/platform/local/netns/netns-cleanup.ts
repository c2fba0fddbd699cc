/**
 * Leftovers of netns runs (`bench clusters prune`): namespaces named `mb-<6 hex>-…` whose owner
 * (netns-owner.ts) is no longer alive — a run killed with SIGKILL, a second Ctrl-C, a crash. A
 * live run's namespaces are never touched; names that do not follow the pattern are never listed.
 * Processes still inside a namespace are killed first (a namespace lives on while a process is in
 * it), then the namespace is deleted, which takes its veths and iptables rules with it.
 */
import type { CommandRunner } from '../../../exec/command-runner.ts';
import { NETNS_NAME_PATTERN } from './namespace-topology.ts';
import { listNetns, netnsPids } from './netns-commands.ts';
import { isAlive, readOwnerFile, removeOwnerFile } from './netns-owner.ts';

export interface NetnsLeftover {
  netns: string;
  prefix: string;
  /** Why it counts as left over. */
  reason: string;
}

function prefixOf(netns: string): string {
  return netns.split('-').slice(0, 2).join('-');
}

/** meshbench namespaces whose run is gone; empty where `ip` is missing. */
export async function findNetnsLeftovers(runner: CommandRunner): Promise<NetnsLeftover[]> {
  let names: string[];
  try {
    names = await listNetns(runner);
  } catch {
    return [];
  }
  const leftovers: NetnsLeftover[] = [];
  for (const netns of names.filter((n) => NETNS_NAME_PATTERN.test(n))) {
    const prefix = prefixOf(netns);
    const owner = readOwnerFile(prefix);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) continue;
    if (owner && owner.pid === process.pid) continue;
    leftovers.push({ netns, prefix, reason: owner ? `its run (pid ${owner.pid}) is gone` : 'no run owns it' });
  }
  return leftovers;
}

/** Kills what runs inside each leftover namespace and deletes it; returns the deleted names. */
export async function removeNetnsLeftovers(runner: CommandRunner, leftovers: readonly NetnsLeftover[]): Promise<string[]> {
  const deleted: string[] = [];
  for (const l of leftovers) {
    for (const pid of await netnsPids(runner, l.netns)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const r = await runner.run('ip', ['netns', 'delete', l.netns], { allowFailure: true });
    if (r.exitCode === 0) deleted.push(l.netns);
  }
  for (const prefix of new Set(leftovers.map((l) => l.prefix))) removeOwnerFile(prefix);
  return deleted;
}
