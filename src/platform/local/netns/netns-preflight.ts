/**
 * Can this machine run the netns targets? Linux, root or CAP_NET_ADMIN (bit 12 of CapEff in
 * /proc/self/status), and `ip`, `iptables`, `iptables-save` on PATH. Refusals are HarnessErrors:
 * not Linux or no privilege → USAGE (exit 2), a missing tool → TOOL_NOT_FOUND (exit 3).
 */
import { readFileSync } from 'node:fs';
import { HarnessError } from '../../../errors.ts';
import type { CommandRunner } from '../../../exec/command-runner.ts';

const CAP_NET_ADMIN_BIT = 12n;

/** What the process may do; injectable for tests. */
export interface NetnsHost {
  platform: NodeJS.Platform;
  /** /proc/self/status text, or null when unreadable. */
  procStatus: string | null;
}

export function currentHost(): NetnsHost {
  let procStatus: string | null = null;
  try {
    procStatus = readFileSync('/proc/self/status', 'utf8');
  } catch {
    procStatus = null;
  }
  return { platform: process.platform, procStatus };
}

/** Null when namespaces may be created, else why not (pure). */
export function netnsPrivilegeProblem(host: NetnsHost): string | null {
  if (host.platform !== 'linux') return `network namespaces need Linux (this is ${host.platform})`;
  const capEff = /^CapEff:\s*([0-9a-f]+)$/m.exec(host.procStatus ?? '')?.[1];
  if (capEff === undefined) return 'cannot read the process capabilities from /proc/self/status';
  if (((BigInt(`0x${capEff}`) >> CAP_NET_ADMIN_BIT) & 1n) === 0n) return 'creating network namespaces needs root or CAP_NET_ADMIN, which this process does not have';
  return null;
}

/** The tools the netns targets run. */
export const NETNS_TOOLS = ['ip', 'iptables', 'iptables-save'] as const;

/** Throws the refusal, or returns when namespaces can be used. */
export async function checkNetnsAvailable(options: { runner: CommandRunner; host?: NetnsHost | undefined; signal?: AbortSignal | undefined }): Promise<void> {
  const problem = netnsPrivilegeProblem(options.host ?? currentHost());
  if (problem) {
    throw new HarnessError('USAGE', `the netns targets cannot run here: ${problem}`, {
      hint: 'run as root on Linux (or give node CAP_NET_ADMIN), or use another local target such as baseline or proxy-mtls',
    });
  }
  for (const tool of NETNS_TOOLS) {
    await options.runner.run(tool, tool === 'ip' ? ['-V'] : ['--version'], { signal: options.signal });
  }
}
