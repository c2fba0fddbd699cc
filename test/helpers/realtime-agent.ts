/**
 * `--realtime-agent` where this user may use it (root or CAP_SYS_NICE; CI runs as root), else
 * nothing. For the local runs whose checks are not about the agent's scheduling (plumbing,
 * topology, features): at real-time priority the agent's sends are not held up by the other
 * test files' processes on the same two cores, which made such runs invalid (busy host: scheduler
 * lag over the scenario's limit, exit 6) and retried whole. The runs that check the default
 * scheduling (local-run's baseline) do not use it.
 */
import { spawnSync } from 'node:child_process';

/** Whether this user may run the agent at real-time priority. */
export const realtimeAllowed = spawnSync('chrt', ['-f', '10', 'true']).status === 0;

/** `['--realtime-agent']` where allowed, else `[]`. */
export const REALTIME_WHERE_ALLOWED: readonly string[] = realtimeAllowed ? ['--realtime-agent'] : [];
