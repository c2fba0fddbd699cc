/** Facts about the machine and tools a run used, recorded in the result. */
import { cpus, hostname, release, totalmem, type as osType } from 'node:os';
import type { CommandRunner } from '../exec/command-runner.ts';
import { PACKAGE_ROOT } from '../config/config-files.ts';
import type { ResultFile } from '../results/result-schema.ts';

export async function describeEnvironment(options: { runner: CommandRunner; tools: Record<string, string> }): Promise<ResultFile['environment']> {
  return {
    hostname: hostname(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: Math.max(1, cpus().length),
    memoryBytes: totalmem(),
    kernel: release(),
    os: osType(),
    tools: { node: process.version, ...options.tools },
  };
}

/** The meshbench git commit, when running from a checkout. */
export async function harnessGitSha(runner: CommandRunner): Promise<string | null> {
  try {
    const r = await runner.run('git', ['-C', PACKAGE_ROOT, 'rev-parse', '--short=12', 'HEAD'], { allowFailure: true, timeoutMs: 5_000 });
    return r.exitCode === 0 && r.stdout ? r.stdout.trim() : null;
  } catch {
    return null;
  }
}
