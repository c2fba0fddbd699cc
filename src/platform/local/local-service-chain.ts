/**
 * Starts the scenario's services (a chain or a fan-out, workload/service-chain.ts) as child
 * processes on free loopback ports, downstreams first so each caller can point at its
 * downstream(s), and waits for each one's `listening` line.
 */
import type { WorkloadSpec } from '../../config/scenario-schema.ts';
import { HarnessError } from '../../errors.ts';
import { type SpawnedProcess, spawnProcess } from '../../exec/command-runner.ts';
import { type OrderServiceConfig, orderServiceEnv } from '../../service/order-service-config.ts';
import { serviceGraph } from '../../workload/service-chain.ts';

/** How to start a bundled program: e.g. `node bundle.js`. */
export interface ProgramLauncher {
  command: string;
  args: string[];
}

export interface LocalService {
  name: string;
  port: number;
  pid: number;
  process: SpawnedProcess;
}

export interface LocalServiceChain {
  /** The entry service (where load goes when there is no proxy). */
  entryPort: number;
  services: LocalService[];
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

export async function startService(options: {
  name: string;
  launcher: ProgramLauncher;
  env: Record<string, string>;
  signal?: AbortSignal | undefined;
  onProcess?: ((component: string, proc: SpawnedProcess) => void) | undefined;
}): Promise<LocalService> {
  let onListening: (port: number) => void = () => undefined;
  const listening = new Promise<number>((resolve) => {
    onListening = resolve;
  });
  const proc = spawnProcess(options.launcher.command, options.launcher.args, {
    env: { ...process.env, ...options.env },
    signal: options.signal,
    onStdoutLine: (line) => {
      if (!line.startsWith('{')) return;
      try {
        const msg = JSON.parse(line) as { type?: string; port?: number };
        if (msg.type === 'listening' && typeof msg.port === 'number') onListening(msg.port);
      } catch {
        // not a protocol line
      }
    },
  });
  options.onProcess?.(`order-service "${options.name}"`, proc);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HarnessError('NOT_READY', `${options.name} did not start listening within ${READY_TIMEOUT_MS / 1_000} s`)),
      READY_TIMEOUT_MS,
    );
  });
  try {
    const port = await Promise.race([listening, timeout, proc.exited.then(() => {
      throw new HarnessError('COMMAND_FAILED', `${options.name} exited before it was ready`);
    })]);
    return { name: options.name, port, pid: proc.pid, process: proc };
  } catch (err) {
    await proc.stop(1_000);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

export async function startLocalServiceChain(options: {
  workload: WorkloadSpec;
  launcher: ProgramLauncher;
  /** Injected CPU cost per order request, µs, by service name (calibration knob). */
  cpuCostUsByService?: Readonly<Record<string, number>> | undefined;
  signal?: AbortSignal | undefined;
  /** Called as each process starts (the run records and watches it). */
  onProcess?: ((component: string, proc: SpawnedProcess) => void) | undefined;
  /** The entry serves TLS with these files (scenario load.tls); the services behind it stay cleartext. */
  entryTls?: Partial<Pick<OrderServiceConfig, 'tlsCertFile' | 'tlsKeyFile' | 'tlsClientCaFile'>> | undefined;
}): Promise<LocalServiceChain> {
  const graph = serviceGraph(options.workload);
  const started: LocalService[] = [];
  const urls = new Map<string, string>();
  const stop = async () => {
    await Promise.all(started.map((s) => s.process.stop(10_000)));
  };
  try {
    // Every service's downstreams come after it in the graph: start from the end.
    for (const { name, downstreams } of [...graph].reverse()) {
      const downstreamUrl = downstreams.length > 0 ? downstreams.map((d) => urls.get(d) as string).join(',') : undefined;
      const env = orderServiceEnv({
        port: 0,
        host: '127.0.0.1',
        serviceName: name,
        responseBytes: options.workload.responseBytes,
        addedDelayMs: options.workload.addedDelayMs,
        seedOrders: options.workload.seedOrders,
        cpuCostUs: options.cpuCostUsByService?.[name],
        downstreamUrl,
        ...(name === graph[0]?.name ? options.entryTls : {}),
      });
      const service = await startService({ name, launcher: options.launcher, env, signal: options.signal, onProcess: options.onProcess });
      started.unshift(service);
      urls.set(name, `http://127.0.0.1:${service.port}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { entryPort: (started[0] as LocalService).port, services: started, stop };
}
