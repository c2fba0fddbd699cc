/**
 * The local `proxy-mtls` target's emulated sidecar pair: two haproxy processes on loopback,
 *
 *   load agent → haproxy-client :clientPort → mutual TLS → haproxy-server :serverPort → app
 *
 * started in the foreground (`haproxy -db`, no daemon, no master-worker), so each is one process
 * with `threads` threads and its pid is what the ProcessMeter meters. Certificates are generated
 * per run; configs are checked with `haproxy -c` before starting, which also turns a missing
 * haproxy into TOOL_NOT_FOUND with an install hint.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError, interruptedError } from '../../errors.ts';
import { type CommandRunner, type SpawnedProcess, spawnProcess } from '../../exec/command-runner.ts';
import { CPU_BURN_LUA } from './haproxy-cpu-burn.ts';
import { renderClientSidecarConfig, renderServerSidecarConfig, type SidecarRetries } from './haproxy-config.ts';
import { findFreeLoopbackPorts, waitForLoopbackPort } from './loopback-ports.ts';
import { CLIENT_CERT_CN, generateTlsCertificates, type TlsCertificateFiles } from './tls-certificates.ts';

/** Component names the pair's processes are metered and reported under. */
export type SidecarComponent = 'haproxy-client' | 'haproxy-server';

/** Options of {@link startSidecarPair}. */
export interface SidecarPairOptions {
  /** Directory for certificates and configs (created when missing). */
  workDir: string;
  /** The order-service's plaintext port on 127.0.0.1. */
  upstreamPort: number;
  /** haproxy worker threads per sidecar (`nbthread`). */
  threads: number;
  /** Runs openssl and `haproxy -c`. */
  runner: CommandRunner;
  signal?: AbortSignal | undefined;
  /** How long each proxy may take to accept connections; default 10 s. */
  readyTimeoutMs?: number | undefined;
  /** Connection limit per sidecar; default haproxy-config.ts's. */
  maxConnections?: number | undefined;
  /** Called as each proxy starts (the run records and watches it). */
  onProcess?: ((component: SidecarComponent, proc: SpawnedProcess) => void) | undefined;
  /** Injected CPU cost per request in each sidecar, µs (calibration knob); default 0. */
  cpuCostUs?: number | undefined;
  /** Scenario features the pair implements (haproxy-config.ts); default all off. */
  features?: SidecarFeatures | undefined;
  /** With authz: the client certificate common name allowed in; default the pair's own client's (tests use another). */
  allowedClientCn?: string | undefined;
  /** Idle outbound backends in both sidecars (workload.idleServices, haproxy-config.ts); default 0. */
  idleServices?: number | undefined;
}

/** The scenario features the haproxy pair applies (docs/capability-matrix.md). */
export interface SidecarFeatures {
  authz: 'off' | 'l4' | 'l7';
  retries: SidecarRetries | null;
  requestTimeoutMs: number | null;
  accessLog: boolean;
  upstreamHttp2: boolean;
}

/** A running sidecar pair. */
export interface SidecarPair {
  /** Plaintext port the load agent sends to. */
  clientPort: number;
  /** The server sidecar's mutual-TLS port. */
  serverPort: number;
  processes: Array<{ component: SidecarComponent; pid: number }>;
  certificates: TlsCertificateFiles;
  /** Each proxy's generated config (checked with `haproxy -c`), by component. */
  configPaths: Record<SidecarComponent, string>;
  /** The features the pair applies (all off when none were asked for). */
  features: SidecarFeatures;
  /** With features.accessLog: each proxy's access-log file (its stdout), by component. */
  accessLogs: Partial<Record<SidecarComponent, string>>;
  /** Idle outbound backends in each sidecar's config (0 = none). */
  idleServices: number;
  /** Terminates both proxies (SIGTERM, then SIGKILL after a grace period); idempotent. */
  stop(): Promise<void>;
}

const HAPROXY = 'haproxy';
const STDERR_TAIL_LINES = 20;
const DEFAULT_READY_TIMEOUT_MS = 10_000;

interface RunningProxy {
  component: SidecarComponent;
  port: number;
  configPath: string;
  child: SpawnedProcess;
  stderrTail: string[];
}

async function checkConfig(configPath: string, options: SidecarPairOptions): Promise<void> {
  try {
    await options.runner.run(HAPROXY, ['-c', '-q', '-f', configPath], {
      signal: options.signal,
      hint: `the generated ${configPath} was refused by haproxy`,
    });
  } catch (err) {
    // Debian installs haproxy in /usr/sbin, which is not on every user's PATH.
    if (err instanceof HarnessError && err.code === 'TOOL_NOT_FOUND' && existsSync('/usr/sbin/haproxy')) {
      const hint = 'haproxy is installed at /usr/sbin/haproxy: add /usr/sbin to PATH';
      throw new HarnessError('TOOL_NOT_FOUND', err.message, { hint, cause: err });
    }
    throw err;
  }
}

function startProxy(options: { component: SidecarComponent; port: number; configPath: string; accessLogPath?: string | undefined; signal?: AbortSignal | undefined }): RunningProxy {
  const { component, port, configPath, signal } = options;
  const stderrTail: string[] = [];
  const child = spawnProcess(HAPROXY, ['-db', '-f', configPath], {
    signal,
    stdoutFile: options.accessLogPath,
    onStderrLine: (line) => {
      stderrTail.push(line);
      if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
    },
  });
  return { component, port, configPath, child, stderrTail };
}

/** Resolves when the proxy accepts TCP connections; throws when it exits first or the deadline passes. */
async function waitUntilReady(proxy: RunningProxy, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const giveUp = new AbortController();
  const onAbort = () => giveUp.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const where = `127.0.0.1:${proxy.port}`;
  try {
    const outcome = await Promise.race([
      waitForLoopbackPort({ port: proxy.port, timeoutMs, signal: giveUp.signal }).then((ok) => (ok ? 'ready' : 'waited')),
      proxy.child.exited.then(
        (result) => ({ exitCode: result.exitCode, error: undefined }),
        (error: unknown) => ({ exitCode: undefined, error }),
      ),
    ]);
    if (outcome === 'ready') return;
    if (signal?.aborted) throw interruptedError();
    if (outcome === 'waited') {
      throw new HarnessError('NOT_READY', `${proxy.component} did not accept connections on ${where} within ${timeoutMs} ms`, {
        hint: `see haproxy's output; its config is ${proxy.configPath}`,
        details: [...proxy.stderrTail],
      });
    }
    if (outcome.error instanceof HarnessError && ['TOOL_NOT_FOUND', 'INTERRUPTED'].includes(outcome.error.code)) {
      throw outcome.error;
    }
    const how = outcome.exitCode === undefined ? 'failed' : `exited with code ${outcome.exitCode}`;
    throw new HarnessError('NOT_READY', `${proxy.component} ${how} before accepting connections on ${where}`, {
      hint: `see haproxy's output; its config is ${proxy.configPath}`,
      details: [...proxy.stderrTail],
      cause: outcome.error,
    });
  } finally {
    giveUp.abort();
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Generates certificates and configs into `workDir`, starts the server then the client sidecar,
 * and returns once both accept connections. On any failure, whatever was started is stopped.
 */
export async function startSidecarPair(options: SidecarPairOptions): Promise<SidecarPair> {
  const { workDir, threads, signal } = options;
  await mkdir(workDir, { recursive: true });
  const certificates = await generateTlsCertificates({ dir: join(workDir, 'tls'), runner: options.runner, signal });
  const [clientPort = 0, serverPort = 0] = await findFreeLoopbackPorts(2);
  const cpuCostUs = options.cpuCostUs ?? 0;
  let luaBurnScriptPath: string | undefined;
  if (cpuCostUs > 0) {
    luaBurnScriptPath = join(workDir, 'cpu-burn.lua');
    await writeFile(luaBurnScriptPath, CPU_BURN_LUA);
  }
  const features = options.features;
  const common = {
    threads,
    maxConnections: options.maxConnections,
    caPath: certificates.caCertPath,
    cpuCostUs,
    luaBurnScriptPath,
    accessLog: features?.accessLog ?? false,
    upstreamHttp2: features?.upstreamHttp2 ?? false,
    idleServices: { count: options.idleServices ?? 0, endpointPort: serverPort, caPath: certificates.caCertPath, clientPemPath: certificates.clientPemPath },
  };
  const accessLogs: SidecarPair['accessLogs'] = features?.accessLog
    ? { 'haproxy-server': join(workDir, 'haproxy-server.access.log'), 'haproxy-client': join(workDir, 'haproxy-client.access.log') }
    : {};
  const serverConfigPath = join(workDir, 'haproxy-server.cfg');
  const clientConfigPath = join(workDir, 'haproxy-client.cfg');
  await writeFile(
    serverConfigPath,
    renderServerSidecarConfig({
      ...common,
      listenPort: serverPort,
      upstreamPort: options.upstreamPort,
      serverPemPath: certificates.serverPemPath,
      authz: features?.authz ?? 'off',
      allowedClientCn: options.allowedClientCn ?? CLIENT_CERT_CN,
    }),
  );
  await writeFile(
    clientConfigPath,
    renderClientSidecarConfig({
      ...common,
      listenPort: clientPort,
      serverSidecarPort: serverPort,
      clientPemPath: certificates.clientPemPath,
      retries: features?.retries ?? null,
      requestTimeoutMs: features?.requestTimeoutMs ?? null,
    }),
  );
  await checkConfig(serverConfigPath, options);
  await checkConfig(clientConfigPath, options);

  const started: RunningProxy[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    // Client first, so nothing is mid-request into a server sidecar that is already gone.
    stopping ??= started
      .toReversed()
      .reduce((previous, proxy) => previous.then(() => proxy.child.stop()), Promise.resolve());
    return stopping;
  };
  const timeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  try {
    for (const [component, port, configPath] of [
      ['haproxy-server', serverPort, serverConfigPath],
      ['haproxy-client', clientPort, clientConfigPath],
    ] as const) {
      const proxy = startProxy({ component, port, configPath, accessLogPath: accessLogs[component], signal });
      started.push(proxy);
      options.onProcess?.(component, proxy.child);
      await waitUntilReady(proxy, timeoutMs, signal);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    clientPort,
    serverPort,
    processes: started.toReversed().map((p) => ({ component: p.component, pid: p.child.pid })),
    certificates,
    configPaths: { 'haproxy-client': clientConfigPath, 'haproxy-server': serverConfigPath },
    features: features ?? { authz: 'off', retries: null, requestTimeoutMs: null, accessLog: false, upstreamHttp2: false },
    accessLogs,
    idleServices: options.idleServices ?? 0,
    stop,
  };
}
