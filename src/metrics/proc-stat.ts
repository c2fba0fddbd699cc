/**
 * Linux /proc counters: a process's cumulative CPU time and resident memory from
 * /proc/<pid>/stat, and the whole host's CPU time from /proc/stat. The parsers are pure (tested
 * on fixture text); the readers are thin synchronous reads of small files, cheap enough to run
 * every 250 ms (see process-meter.ts).
 *
 * Units: /proc reports CPU in clock ticks (USER_HZ, `getconf CLK_TCK`, 100 on every mainstream
 * architecture but read rather than assumed) and resident memory in pages (`getconf PAGESIZE`).
 * Both are read once per meter through the CommandRunner.
 */
import { readFileSync } from 'node:fs';
import { HarnessError } from '../errors.ts';
import type { CommandRunner } from '../exec/command-runner.ts';
import type { HostCpuSample, InstanceSample } from './resource-meter.ts';

/** The fields of /proc/<pid>/stat the meter uses, in the kernel's units. */
export interface ProcPidStat {
  /** Process state letter: R, S, D, Z (zombie: exited, not yet reaped), … */
  state: string;
  /** User and system CPU time of all threads, clock ticks (field 14, 15). */
  utimeTicks: number;
  stimeTicks: number;
  /** Start time after boot, clock ticks (field 22): identifies the process across pid reuse. */
  startTimeTicks: number;
  /** Resident set size, pages (field 24; same counter as statm `resident` and status VmRSS). */
  rssPages: number;
}

/** Host CPU time from the first line of /proc/stat (all cores), clock ticks. */
export interface ProcStatCpu {
  /** user + nice + system + irq + softirq: work done on this machine's cores. */
  busyTicks: number;
  /**
   * Time the hypervisor ran something else while this VM's vCPUs wanted to run. Not work of
   * ours, so not busy; a large share means noisy neighbours, and the latency figures with it.
   */
  stealTicks: number;
  /** busy + idle + iowait + steal (guest time is already inside user/nice and is not added again). */
  totalTicks: number;
  /** Number of `cpuN` lines: online cores. */
  cores: number;
}

/** Units needed to turn /proc numbers into seconds and bytes. */
export interface ProcUnits {
  clockTicksPerSecond: number;
  pageSizeBytes: number;
}

function malformed(what: string, text: string): HarnessError {
  return new HarnessError('INTERNAL', `unexpected ${what} format: ${JSON.stringify(text.slice(0, 120))}`);
}

function nonNegativeInteger(field: string | undefined): number {
  const value = Number(field);
  return Number.isSafeInteger(value) && value >= 0 ? value : Number.NaN;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself contain
 * spaces and parentheses, so fields are split only after the LAST ')'.
 */
export function parseProcPidStat(text: string): ProcPidStat {
  const close = text.lastIndexOf(')');
  if (close < 0) throw malformed('/proc/<pid>/stat', text);
  // After ')' come fields 3.. : index 0 is field 3 (state), so field n is at index n - 3.
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const parsed: ProcPidStat = {
    state: fields[0] ?? '',
    utimeTicks: nonNegativeInteger(fields[11]),
    stimeTicks: nonNegativeInteger(fields[12]),
    startTimeTicks: nonNegativeInteger(fields[19]),
    rssPages: nonNegativeInteger(fields[21]),
  };
  if (!/^[A-Za-z]$/.test(parsed.state) || Object.values(parsed).some((v) => Number.isNaN(v))) {
    throw malformed('/proc/<pid>/stat', text);
  }
  return parsed;
}

/** Parses /proc/stat: the aggregate `cpu` line and the count of `cpuN` lines. */
export function parseProcStat(text: string): ProcStatCpu {
  const lines = text.split('\n');
  const aggregate = lines.find((line) => line.startsWith('cpu '));
  if (!aggregate) throw malformed('/proc/stat', text);
  // user nice system idle iowait irq softirq steal [guest guest_nice]; older kernels have fewer.
  const ticks = aggregate
    .slice(4)
    .trim()
    .split(/\s+/)
    .map((f) => nonNegativeInteger(f));
  if (ticks.length < 4 || ticks.some((t) => Number.isNaN(t))) throw malformed('/proc/stat', text);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = ticks;
  const busyTicks = user + nice + system + irq + softirq;
  const cores = lines.filter((line) => /^cpu\d+\s/.test(line)).length;
  return { busyTicks, stealTicks: steal, totalTicks: busyTicks + idle + iowait + steal, cores: Math.max(1, cores) };
}

/** Reads CLK_TCK and PAGESIZE once with `getconf`. */
export async function readProcUnits(runner: CommandRunner): Promise<ProcUnits> {
  const read = async (name: string): Promise<number> => {
    const result = await runner.run('getconf', [name]);
    const value = Number(result.stdout.trim());
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new HarnessError('INTERNAL', `\`getconf ${name}\` printed ${JSON.stringify(result.stdout)}`);
    }
    return value;
  };
  return { clockTicksPerSecond: await read('CLK_TCK'), pageSizeBytes: await read('PAGESIZE') };
}

/** One reading of a process, with what identifies it and whether it has exited. */
export interface ProcessReading {
  sample: InstanceSample;
  state: string;
  startTimeTicks: number;
}

/** Options of the /proc readers. */
export interface ProcReadOptions {
  units: ProcUnits;
  /** Where procfs is mounted; tests point this at a fixture directory. */
  procRoot?: string | undefined;
  /** Clock for the sample time, epoch ms. */
  nowMs?: (() => number) | undefined;
}

function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ESRCH';
}

/** Reads /proc/<pid>/stat into a sample; null when the process no longer exists. */
export function readProcessSample(pid: number, options: ProcReadOptions): ProcessReading | null {
  const timeMs = (options.nowMs ?? Date.now)();
  let text: string;
  try {
    text = readFileSync(`${options.procRoot ?? '/proc'}/${pid}/stat`, 'utf8');
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
  const stat = parseProcPidStat(text);
  const { clockTicksPerSecond, pageSizeBytes } = options.units;
  return {
    sample: {
      timeMs,
      cpuCoreSeconds: (stat.utimeTicks + stat.stimeTicks) / clockTicksPerSecond,
      memoryBytes: stat.rssPages * pageSizeBytes,
    },
    state: stat.state,
    startTimeTicks: stat.startTimeTicks,
  };
}

/** Reads /proc/stat into a host CPU sample. */
export function readHostCpuSample(options: ProcReadOptions): HostCpuSample {
  const timeMs = (options.nowMs ?? Date.now)();
  const cpu = parseProcStat(readFileSync(`${options.procRoot ?? '/proc'}/stat`, 'utf8'));
  const hz = options.units.clockTicksPerSecond;
  return hostCpuSampleFromTicks(timeMs, cpu, hz);
}

/** A host sample from /proc/stat ticks at `clockTicksPerSecond`. */
export function hostCpuSampleFromTicks(timeMs: number, cpu: ProcStatCpu, clockTicksPerSecond: number): HostCpuSample {
  return {
    timeMs,
    busyCoreSeconds: cpu.busyTicks / clockTicksPerSecond,
    stealCoreSeconds: cpu.stealTicks / clockTicksPerSecond,
    totalCoreSeconds: cpu.totalTicks / clockTicksPerSecond,
    cores: cpu.cores,
  };
}
