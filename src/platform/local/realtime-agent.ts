/**
 * `--realtime-agent` on the local platform: the load agent runs under SCHED_FIFO (`chrt -f`) so
 * a wake-up at an intended send time never waits for a CPU behind the services under test on the
 * same machine — a stand-in for the dedicated load-generator host a real setup has.
 *
 * Why: on a 2-core VM, against the Node order-service at 1,000 rps, the agent's scheduler lag p99
 * was 0.55–3.7 ms with normal scheduling and 0.13–0.22 ms under SCHED_FIFO; the latency p99 it
 * measured fell from a median of 2.1 ms to 1.2 ms (the lag is in the latency: it is timed from
 * the intended send time). `nice -n -20` made no difference. The agent sleeps between sends and
 * the kernel keeps 5 % of each second for other tasks (sched_rt_runtime_us), so it cannot lock a
 * core; a closed loop, which runs flat out, is refused. Needs root or CAP_SYS_NICE.
 */
import { HarnessError } from '../../errors.ts';
import type { CommandRunner } from '../../exec/command-runner.ts';
import type { ProgramLauncher } from './local-service-chain.ts';

/** SCHED_FIFO priority of the agent: low among real-time priorities (1–99), above every normal task. */
export const REALTIME_AGENT_PRIORITY = 10;

/** The agent's launcher wrapped in `chrt -f <priority>`. */
export function realtimeLauncher(launcher: ProgramLauncher): ProgramLauncher {
  return { command: 'chrt', args: ['-f', String(REALTIME_AGENT_PRIORITY), launcher.command, ...launcher.args] };
}

/** Fails early, with what to do, when this user may not use SCHED_FIFO (or chrt is missing). */
export async function checkRealtimeAllowed(runner: CommandRunner): Promise<void> {
  const probe = await runner.run('chrt', ['-f', String(REALTIME_AGENT_PRIORITY), 'true'], { allowFailure: true }).catch((err: unknown) => {
    if (err instanceof HarnessError && err.code === 'TOOL_NOT_FOUND') {
      throw new HarnessError('TOOL_NOT_FOUND', '--realtime-agent needs chrt, which was not found on PATH', {
        hint: 'install util-linux (Debian/Ubuntu: apt-get install util-linux), or drop --realtime-agent',
      });
    }
    throw err;
  });
  if (probe.exitCode !== 0) {
    throw new HarnessError('USAGE', `--realtime-agent: this user may not run a process at real-time priority (${probe.stderr.trim() || `chrt exited with ${probe.exitCode}`})`, {
      hint: 'run as root, or give node CAP_SYS_NICE (sudo setcap cap_sys_nice+ep "$(command -v node)"), or drop --realtime-agent',
    });
  }
}
