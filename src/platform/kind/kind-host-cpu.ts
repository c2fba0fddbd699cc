/**
 * Host CPU on kind. kind nodes are containers on one kernel, so the kernel's /proc/stat counts
 * everything the cluster does, including eBPF and in-kernel WireGuard work charged to no container
 * (docs/mesh-install.md "kind", docs/methodology.md). On Linux that kernel is this host's: /proc/stat is read
 * directly. Elsewhere (Docker Desktop) it is the Docker VM's, read through a node container
 * (`docker exec <node> cat /proc/stat`: /proc/stat is not namespaced).
 */
import type { CommandRunner } from '../../exec/command-runner.ts';
import { hostCpuSampleFromTicks, parseProcStat, readHostCpuSample, readProcUnits, type ProcUnits } from '../../metrics/proc-stat.ts';
import type { HostCpuSample } from '../../metrics/resource-meter.ts';

/** Options of {@link createKindHostCpuReader}. */
export interface KindHostCpuOptions {
  runner: CommandRunner;
  /** A node container to read through when the kernel is not this host's. */
  nodeContainer: string;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform | undefined;
  env?: Record<string, string | undefined> | undefined;
}

/** A reader of host CPU samples for the kind cluster's kernel. */
export function createKindHostCpuReader(options: KindHostCpuOptions): () => Promise<HostCpuSample> {
  let units: Promise<ProcUnits> | undefined;
  const local = (options.platform ?? process.platform) === 'linux';
  return async () => {
    if (local) {
      units ??= readProcUnits(options.runner);
      return readHostCpuSample({ units: await units });
    }
    // USER_HZ is 100 on every Linux the Docker VMs run.
    const result = await options.runner.run('docker', ['exec', options.nodeContainer, 'cat', '/proc/stat'], { env: options.env, timeoutMs: 10_000 });
    return hostCpuSampleFromTicks(Date.now(), parseProcStat(result.stdout), 100);
  };
}
