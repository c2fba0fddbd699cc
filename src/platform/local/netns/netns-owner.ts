/**
 * Owner files of netns runs: `<tmpdir>/meshbench-netns/<prefix>.json` with the pid of the bench
 * process and the namespaces it creates, written before the first namespace exists and removed
 * after the last is deleted. `bench clusters prune` deletes a run's namespaces only when its
 * owner is gone (netns-cleanup.ts).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NetnsOwner {
  pid: number;
  namespaces: string[];
  createdAt: string;
}

function ownerDir(): string {
  return join(tmpdir(), 'meshbench-netns');
}

function ownerPath(prefix: string): string {
  return join(ownerDir(), `${prefix}.json`);
}

export function writeOwnerFile(prefix: string, namespaces: string[]): void {
  mkdirSync(ownerDir(), { recursive: true, mode: 0o700 });
  const owner: NetnsOwner = { pid: process.pid, namespaces, createdAt: new Date().toISOString() };
  writeFileSync(ownerPath(prefix), `${JSON.stringify(owner)}\n`, { mode: 0o600 });
}

export function removeOwnerFile(prefix: string): void {
  rmSync(ownerPath(prefix), { force: true });
}

export function readOwnerFile(prefix: string): NetnsOwner | null {
  try {
    return JSON.parse(readFileSync(ownerPath(prefix), 'utf8')) as NetnsOwner;
  } catch {
    return null;
  }
}

/** True when a process with this pid exists (signal 0). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
