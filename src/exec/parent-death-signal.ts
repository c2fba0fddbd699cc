/**
 * Children that die with the harness. Linux can deliver a signal to a process when its parent
 * dies (prctl PR_SET_PDEATHSIG); Node cannot call prctl, but util-linux's `setpriv --pdeathsig
 * KILL -- program …` sets it and then execs the program, so the pid, /proc counters and command
 * stay the program's own. The setting survives execve (not for set-user-ID programs) and also
 * covers programs that are not ours (haproxy, chrt). Measured in docs/faults-during-a-run.md ("The harness is killed"): after
 * `kill -9` of the harness, children started this way are gone at once; without it the
 * order-service and both haproxy keep running under PID 1. Where setpriv is absent (not Linux,
 * minimal images) children start plainly and `bench clusters prune` stops leftovers from the
 * run's state file (platform/local/local-run-state.ts).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

let cached: string | null | undefined;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where `file` would be found on PATH, or null. */
function onPath(file: string, pathVariable: string): string | null {
  if (file.includes('/')) return executable(file) ? file : null;
  for (const dir of pathVariable.split(delimiter).filter(Boolean)) {
    if (executable(join(dir, file))) return join(dir, file);
  }
  return null;
}

/** The setpriv executable, or null when it is not available (searched once). */
export function findSetpriv(): string | null {
  if (cached !== undefined) return cached;
  cached = process.platform === 'linux' ? onPath('setpriv', `${process.env['PATH'] ?? ''}${delimiter}/usr/bin${delimiter}/bin`) : null;
  return cached;
}

/**
 * `file args` wrapped so that the process gets SIGKILL when the harness dies (when possible). A
 * program that is not on PATH is left unwrapped, so its absence still surfaces as ENOENT
 * (TOOL_NOT_FOUND) rather than as setpriv's own exit code.
 */
export function withParentDeathSignal(file: string, args: readonly string[], env: Record<string, string | undefined> = process.env): { file: string; args: string[] } {
  const setpriv = findSetpriv();
  if (!setpriv || !onPath(file, env['PATH'] ?? '')) return { file, args: [...args] };
  return { file: setpriv, args: ['--pdeathsig', 'KILL', '--', file, ...args] };
}
