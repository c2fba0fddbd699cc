/**
 * Creating and removing a run's namespaces through the CommandRunner (so plans show it). Names
 * that already exist are refused before anything is created, and only namespaces this run
 * created are ever deleted. An owner file (netns-owner.ts) records the run's pid so `bench
 * clusters prune` can tell a dead run's leftovers from a live run's namespaces.
 */
import { HarnessError, interruptedError } from '../../../errors.ts';
import type { CommandRunner } from '../../../exec/command-runner.ts';
import { type NetnsTopology, topologyNamespaces, topologyWiringCommands } from './namespace-topology.ts';
import { removeOwnerFile, writeOwnerFile } from './netns-owner.ts';

/** Names of the network namespaces that exist (`ip netns list`). */
export async function listNetns(runner: CommandRunner, signal?: AbortSignal): Promise<string[]> {
  const r = await runner.run('ip', ['netns', 'list'], { signal });
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

/** Namespaces created so far; `remove()` deletes exactly these (and is safe to call twice). */
export interface CreatedNamespaces {
  names: string[];
  remove(): Promise<void>;
}

/**
 * Creates every namespace of the topology and wires it. On failure (or abort) whatever was
 * created is removed before the error propagates.
 */
export async function createTopology(options: { topology: NetnsTopology; runner: CommandRunner; signal?: AbortSignal | undefined }): Promise<CreatedNamespaces> {
  const { topology, runner, signal } = options;
  const wanted = topologyNamespaces(topology);
  const existing = new Set(await listNetns(runner, signal));
  const taken = wanted.filter((n) => existing.has(n));
  if (taken.length > 0) {
    throw new HarnessError('NOT_READY', `network namespace name already taken: ${taken.join(', ')}`, {
      hint: 'another run (or something else) uses it; nothing was created or touched. `bench clusters prune` removes leftovers of runs that are no longer alive',
    });
  }
  const created: string[] = [];
  let removing: Promise<void> | undefined;
  const handle: CreatedNamespaces = {
    names: created,
    remove: () => {
      removing ??= (async () => {
        // Never with the run's signal: cleanup must also run after Ctrl-C. Every wanted name that
        // exists now is this run's (none existed before, checked above), also one whose
        // `ip netns add` was cut short by an interrupt before it was recorded.
        const present = new Set(await listNetns(runner).catch(() => wanted));
        for (const name of wanted.toReversed().filter((n) => present.has(n))) {
          await runner.run('ip', ['netns', 'delete', name], { allowFailure: true });
        }
        removeOwnerFile(topology.prefix);
      })();
      return removing;
    },
  };
  writeOwnerFile(topology.prefix, wanted);
  try {
    // Each command runs to completion (they take milliseconds); an interrupt is honoured between them.
    const step = async (file: string, args: string[], hint: string) => {
      if (signal?.aborted) throw interruptedError();
      await runner.run(file, args, { hint });
    };
    for (const name of wanted) {
      await step('ip', ['netns', 'add', name], 'creating network namespaces needs root or CAP_NET_ADMIN');
      created.push(name);
    }
    for (const c of topologyWiringCommands(topology)) await step(c.file, c.args, c.description);
    if (signal?.aborted) throw interruptedError();
  } catch (err) {
    await handle.remove();
    throw err;
  }
  return handle;
}

/** Pids of the processes inside a namespace (`ip netns pids`). */
export async function netnsPids(runner: CommandRunner, netns: string): Promise<number[]> {
  const r = await runner.run('ip', ['netns', 'pids', netns], { allowFailure: true });
  if (r.exitCode !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}
