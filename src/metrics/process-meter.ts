/**
 * The local platform's resource meter: samples /proc for explicit pids (the order-service, the
 * haproxy sidecars, the load agent) and the host every `intervalMs`, and computes usage over the
 * measured window from the cumulative counters (window-usage.ts). Only the listed pids are
 * metered, not their descendants. One meter per repetition: samples are kept in memory.
 *
 * Cost: one sample is a synchronous read of /proc/<pid>/stat per pid plus /proc/stat (25–55 µs
 * each): 0.15–0.5 ms for five pids on a 2-core machine, idle to loaded (measured in
 * test/metrics/process-meter.test.ts), i.e. 0.1–0.2 % of one core at 250 ms, charged to the
 * orchestrator (and to host CPU, alike for every target).
 */
import { type CommandRunner, ExecaCommandRunner } from '../exec/command-runner.ts';
import type { ResourceUsage } from '../results/result-schema.ts';
import { type ProcReadOptions, type ProcUnits, readHostCpuSample, readProcessSample, readProcUnits } from './proc-stat.ts';
import type { WindowResources } from '../results/window-resources.ts';
import type { HostCpuSample, InstanceSample, MeasuredWindow, ResourceMeter } from './resource-meter.ts';
import { componentUsageOverWindow, hostCpuOverWindow } from './window-usage.ts';

/** A component and the pids of its processes. */
export interface MeteredProcessGroup {
  component: string;
  role: ResourceUsage['role'];
  pids: readonly number[];
}

/** Options of {@link ProcessMeter}. */
export interface ProcessMeterOptions {
  groups: readonly MeteredProcessGroup[];
  /** Sampling period for memory gauges between the window edges; default 250 ms. */
  intervalMs?: number | undefined;
  /** Runs `getconf` once for CLK_TCK and PAGESIZE; default the real runner. */
  runner?: CommandRunner | undefined;
  /** Known /proc units: skips `getconf`. */
  units?: ProcUnits | undefined;
  /** Where procfs is mounted; default /proc. */
  procRoot?: string | undefined;
  /** Clock for sample times, epoch ms; default Date.now (the agents' clock for window edges). */
  nowMs?: (() => number) | undefined;
}

/** Default sampling period of {@link ProcessMeter}. */
export const DEFAULT_PROCESS_SAMPLE_INTERVAL_MS = 250;

let machineUnits: Promise<ProcUnits> | undefined;

/** CLK_TCK and PAGESIZE are constants of the machine: read once per harness process. */
function machineProcUnits(runner: CommandRunner): Promise<ProcUnits> {
  machineUnits ??= readProcUnits(runner).catch((err: unknown) => {
    machineUnits = undefined;
    throw err;
  });
  return machineUnits;
}

interface TrackedProcess {
  pid: number;
  samples: InstanceSample[];
  /** From the first reading; a different value later means the pid was reused. */
  startTimeTicks: number | undefined;
  exited: boolean;
}

/** A {@link ResourceMeter} for local processes, reading /proc. */
export class ProcessMeter implements ResourceMeter {
  private readonly options: ProcessMeterOptions;
  private readonly tracked = new Map<number, TrackedProcess>();
  private readonly hostSamples: HostCpuSample[] = [];
  private readonly warnings: string[] = [];
  private units: ProcUnits | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: ProcessMeterOptions) {
    this.options = options;
    this.units = options.units;
    for (const group of options.groups) {
      for (const pid of group.pids) {
        this.tracked.set(pid, { pid, samples: [], startTimeTicks: undefined, exited: false });
      }
    }
  }

  /** Reads the /proc units (once) and begins sampling every `intervalMs`. */
  async start(): Promise<void> {
    await this.resolveUnits();
    this.sample();
    if (this.timer) return;
    this.timer = setInterval(() => this.sample(), this.options.intervalMs ?? DEFAULT_PROCESS_SAMPLE_INTERVAL_MS);
    this.timer.unref();
  }

  /** Samples every pid and the host now. */
  async sampleNow(): Promise<void> {
    await this.resolveUnits();
    this.sample();
  }

  /** Takes a last sample, stops sampling and returns usage per component and host CPU. */
  async stop(window: MeasuredWindow): Promise<WindowResources & { warnings: string[] }> {
    await this.sampleNow();
    clearInterval(this.timer);
    this.timer = undefined;
    const warnings = [...this.warnings];
    const resources = this.options.groups.map((group) => {
      const computed = componentUsageOverWindow({
        component: { component: group.component, role: group.role, source: 'proc' },
        instances: group.pids.map((pid) => ({ instance: String(pid), samples: this.tracked.get(pid)?.samples ?? [] })),
        window,
      });
      warnings.push(...computed.warnings);
      return computed.usage;
    });
    const host = hostCpuOverWindow(this.hostSamples, window);
    warnings.push(...host.warnings);
    return { resources, hostCpu: host.hostCpu, warnings };
  }

  private async resolveUnits(): Promise<ProcUnits> {
    this.units ??= await machineProcUnits(this.options.runner ?? new ExecaCommandRunner());
    return this.units;
  }

  private sample(): void {
    const units = this.units;
    if (!units) return;
    const readOptions: ProcReadOptions = { units, procRoot: this.options.procRoot, nowMs: this.options.nowMs };
    try {
      for (const entry of this.tracked.values()) {
        if (!entry.exited) this.sampleProcess(entry, readOptions);
      }
      this.hostSamples.push(readHostCpuSample(readOptions));
    } catch (err) {
      // A sampling failure must not crash a run from a timer callback: it is reported instead.
      const message = `resource sampling failed: ${err instanceof Error ? err.message : String(err)}`;
      if (!this.warnings.includes(message)) this.warnings.push(message);
    }
  }

  private sampleProcess(entry: TrackedProcess, readOptions: ProcReadOptions): void {
    const reading = readProcessSample(entry.pid, readOptions);
    const component = this.componentOf(entry.pid);
    if (!reading || (entry.startTimeTicks !== undefined && reading.startTimeTicks !== entry.startTimeTicks)) {
      entry.exited = true;
      const kept = entry.samples.length > 0 ? 'its last sample is kept' : 'it was never sampled';
      this.warnings.push(`${component} pid ${entry.pid} exited while metered; ${kept}`);
      return;
    }
    entry.startTimeTicks ??= reading.startTimeTicks;
    entry.samples.push(reading.sample);
    if (reading.state === 'Z' || reading.state === 'X') {
      // A zombie's counters are final: keep this reading and stop.
      entry.exited = true;
      this.warnings.push(`${component} pid ${entry.pid} exited while metered; its last sample is kept`);
    }
  }

  private componentOf(pid: number): string {
    return this.options.groups.find((g) => g.pids.includes(pid))?.component ?? 'process';
  }
}
