import type { Command } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_MAX_STREAMS, LOAD_PROTOCOLS, type LoadProtocol, MAX_STREAMS_LIMIT } from '../../config/scenario-schema.ts';
import { HarnessError, isInterrupted, usageError } from '../../errors.ts';
import { runClosedLoop } from '../../load/closed-loop-engine.ts';
import { MAX_OPEN_LOOP_RPS, runOpenLoop } from '../../load/open-loop-engine.ts';
import { runOpenLoopThreads } from '../../load/open-loop-threads.ts';
import { createFixedRequestPicker } from '../../load/fixed-request.ts';
import { checkProtocolUrl } from '../../load/load-transport.ts';
import { socketAddressOf } from '../../load/target-address.ts';
import { loadTlsClient, probeTls } from '../../load/tls-connect.ts';
import type { TlsClientSpec } from '../../plan/agent-protocol.ts';
import { buildRepetition } from '../../results/build-repetition.ts';
import { renderLoadReport } from '../../render/render-load-report.ts';
import { type CliContext, writeLine } from '../cli-context.ts';
import { jsonDestination, jsonOption, type JsonFlag, tableStream, writeJson } from './json-output.ts';
import { durationOption, parsePositiveInt, parsePositiveNumber } from './option-parsers.ts';

interface LoadFlags {
  rate?: number;
  duration: number;
  warmup: number;
  connections: number;
  threads: number;
  engine: string;
  arrival: string;
  method: string;
  body?: string;
  header: string[];
  timeout: number;
  json?: JsonFlag;
  protocol: string;
  maxStreams: number;
  cacert?: string;
  cert?: string;
  key?: string;
  servername?: string;
  insecure?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i <= 0) throw usageError(`--header "${line}" must look like "Name: value"`);
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

/** The TLS flags as the engine's settings: refused for http:// and when they contradict each other; files checked now. */
function tlsSpecOf(flags: LoadFlags, url: URL, cwd: string): TlsClientSpec | undefined {
  const given = (['cacert', 'cert', 'key', 'servername', 'insecure'] as const).filter((f) => flags[f] !== undefined);
  if (url.protocol !== 'https:') {
    if (given.length > 0) throw usageError(`--${given[0]} is for https:// URLs, and ${url.href} is plain http`, 'use an https:// URL, or drop the TLS options');
    return undefined;
  }
  if (flags.insecure && flags.cacert !== undefined) throw usageError('--insecure skips certificate verification, so --cacert would not be used', 'drop one of them');
  const spec: TlsClientSpec = {
    ...(flags.servername === undefined ? {} : { servername: flags.servername }),
    ...(flags.cacert === undefined ? {} : { caFile: resolve(cwd, flags.cacert) }),
    ...(flags.cert === undefined ? {} : { certFile: resolve(cwd, flags.cert) }),
    ...(flags.key === undefined ? {} : { keyFile: resolve(cwd, flags.key) }),
    ...(flags.insecure ? { insecure: true } : {}),
  };
  // Reads and checks the files now: a missing file or a bad PEM block is refused before any load.
  loadTlsClient(url, spec);
  return spec;
}

export function registerLoadCommand(program: Command, ctx: CliContext): void {
  program
    .command('load')
    .description('the load engine alone against a URL, like wrk2: open loop at a constant rate, or a closed-loop max-throughput probe')
    .argument('<url>', 'http:// or https:// URL to load (loopback or your own test hosts)')
    .option('-r, --rate <rps>', 'constant arrival rate, requests/second (open loop; required for it)', parsePositiveNumber)
    .addOption(durationOption({ flags: '-d, --duration <duration>', description: 'measured window', defaultMs: 10_000 }))
    .addOption(durationOption({ flags: '-w, --warmup <duration>', description: 'warm-up before the window (not recorded; 0s for none)', defaultMs: 2_000, allowZero: true }))
    .option('-c, --connections <n>', 'keep-alive connections', parsePositiveInt, 16)
    .option('--threads <n>', 'sending threads of the open loop (each owns connections/N and every N-th arrival)', parsePositiveInt, 1)
    .option('-e, --engine <engine>', 'open | closed', 'open')
    .option('--arrival <arrival>', 'uniform | poisson (open loop)', 'uniform')
    .option('-m, --method <method>', 'HTTP method', 'GET')
    .option('-b, --body <text>', 'request body')
    .option('-H, --header <header>', 'request header "Name: value" (repeatable)', collect, [])
    .addOption(durationOption({ flags: '-t, --timeout <duration>', description: 'per-request timeout', defaultMs: 5_000 }))
    .addOption(jsonOption('the measurement (percentiles, histograms, generator health)'))
    .option('--protocol <protocol>', `${LOAD_PROTOCOLS.join(' | ')}: h2c = cleartext HTTP/2, h2 = HTTP/2 over TLS (https://), grpc = unary gRPC calls`, 'http1')
    .option('--max-streams <n>', `concurrent streams per HTTP/2 connection (h2c, h2, grpc; at most ${MAX_STREAMS_LIMIT}, and the server's limit)`, parsePositiveInt, DEFAULT_MAX_STREAMS)
    .option('--cacert <file>', 'https: PEM file of the CAs to trust instead of the system ones')
    .option('--cert <file>', 'https: PEM client certificate (with --key), for servers that require one')
    .option('--key <file>', 'https: PEM private key of --cert (unencrypted)')
    .option('--servername <name>', 'https: SNI and the name the certificate must match (default: the URL host)')
    .option('--insecure', 'https: do not verify the server certificate (explicit; off by default)')
    .action(async (url: string, flags: LoadFlags, command: Command) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw usageError(`"${url}" is not a URL`, 'e.g. http://127.0.0.1:8080/orders/1');
      }
      if (!(LOAD_PROTOCOLS as readonly string[]).includes(flags.protocol)) throw usageError(`unknown protocol "${flags.protocol}"`, `use ${LOAD_PROTOCOLS.join(', ')}`);
      const protocol = flags.protocol as LoadProtocol;
      checkProtocolUrl(protocol, parsed);
      if (flags.maxStreams > MAX_STREAMS_LIMIT) throw usageError(`--max-streams ${flags.maxStreams} is more than ${MAX_STREAMS_LIMIT}`);
      if (command.getOptionValueSource('maxStreams') === 'cli' && protocol === 'http1') throw usageError('--max-streams is for HTTP/2 (h2c, h2, grpc); HTTP/1.1 sends one request per connection at a time', 'add --protocol h2c, or use --connections');
      const tls = tlsSpecOf(flags, parsed, ctx.cwd);
      if (flags.engine !== 'open' && flags.engine !== 'closed') throw usageError(`unknown engine "${flags.engine}"`, 'use open or closed');
      if (flags.arrival !== 'uniform' && flags.arrival !== 'poisson') throw usageError(`unknown arrival "${flags.arrival}"`, 'use uniform or poisson');
      if (flags.engine === 'open' && flags.rate === undefined) throw usageError('the open loop needs --rate', 'or use --engine closed for a max-throughput probe');
      // Checked before loading: a bad output path must not cost a measurement.
      const json = jsonDestination({ flag: flags.json, cwd: ctx.cwd, what: 'JSON measurement' });
      if (flags.engine === 'closed' && (flags.rate !== undefined || command.getOptionValueSource('arrival') === 'cli' || flags.threads > 1)) {
        throw usageError('--rate, --arrival and --threads are for the open loop; the closed loop sends as fast as the connections allow', 'drop them, or use --engine open');
      }
      if (flags.rate !== undefined && flags.rate / flags.threads > MAX_OPEN_LOOP_RPS) {
        throw usageError(`--rate ${flags.rate} is more than ${flags.threads} load thread(s) can schedule (at most ${MAX_OPEN_LOOP_RPS.toLocaleString('en-US')} rps per thread)`, 'add --threads, or run several agents (a scenario with load.agents)');
      }
      // A target that refuses our TLS (untrusted certificate, client certificate required…) fails here, before any load.
      const negotiated = parsed.protocol === 'https:' && protocol === 'http1' ? await probeTls(parsed, tls, { ...socketAddressOf(parsed), timeoutMs: flags.timeout }) : null;
      const method = flags.method.toUpperCase();
      const request = { method, path: `${parsed.pathname}${parsed.search}`, body: flags.body ?? null, headers: parseHeaders(flags.header) };
      const picker = createFixedRequestPicker(request);
      const common = {
        targetUrl: parsed.origin,
        connections: flags.connections,
        warmupMs: flags.warmup,
        durationMs: flags.duration,
        timeoutMs: flags.timeout,
        tls,
        picker,
        protocol,
        maxStreams: flags.maxStreams,
        signal: ctx.signal,
      };
      if (negotiated) writeLine(ctx.stderr, `TLS: ${negotiated.version} ${negotiated.cipher}${tls?.insecure ? ', certificate NOT verified (--insecure)' : ''}`);
      writeLine(ctx.stderr, `loading ${url} for ${flags.duration / 1_000}s after ${flags.warmup / 1_000}s warm-up (${flags.engine} loop${flags.rate ? ` at ${flags.rate} rps` : ''}, ${protocol === 'http1' ? '' : `${protocol}, ${flags.maxStreams} streams × `}${flags.connections} connections${flags.threads > 1 ? `, ${flags.threads} threads` : ''})…`);
      const engineResult = await (flags.engine === 'closed'
        ? runClosedLoop(common)
        : flags.threads > 1
          ? runOpenLoopThreads({ ...common, rps: flags.rate as number, arrival: flags.arrival, maxQueuedRequests: 10_000, seed: 1, threads: flags.threads, picker: { kind: 'fixed', ...request, seed: 1 } })
          : runOpenLoop({ ...common, rps: flags.rate as number, arrival: flags.arrival, maxQueuedRequests: 10_000, seed: 1 })
      ).catch((err: unknown) => {
        if (!isInterrupted(err)) throw err;
        throw new HarnessError('INTERRUPTED', err instanceof Error ? err.message : 'interrupted', {
          hint: `the measurement was cut short, so nothing was reported${json?.file ? ` or written to ${json.file}` : ''}; its connections were closed`,
          cause: err,
        });
      });
      const agent = { ...engineResult, agentIndex: 0 };
      if (agent.completed === 0 && agent.errors > 0) {
        const kinds = Object.entries(agent.errorCounts).map(([k, n]) => `${k} ×${n}`).join(', ');
        throw new HarnessError('COMMAND_FAILED', `no response from ${url}: ${kinds}`, { hint: 'is the server running and reachable at that address?' });
      }
      const repetition = buildRepetition({
        index: 0,
        arm: '',
        startedAt: new Date(agent.windowStartMs).toISOString(),
        targetRps: flags.rate ?? 0,
        agents: [agent],
        window: { resources: [], hostCpu: null },
        validity: { maxRateShortfallPct: 1, maxErrorPct: 1, maxSchedulerLagP99Us: 5_000 },
      });
      const table = tableStream(ctx, json);
      table.write(renderLoadReport(repetition));
      if (engineResult.tls) {
        const t = engineResult.tls;
        writeLine(table, `TLS ${t.version} ${t.cipher}: ${t.handshakes} handshake(s), ${t.resumedSessions} resumed a session`);
      }
      for (const t of engineResult.threads ?? []) {
        const cpu = t.cpuSeconds === null ? 'n/a' : `${((t.cpuSeconds / (flags.duration / 1_000)) * 100).toFixed(0)}% of a core`;
        writeLine(table, `thread ${t.index}: sent ${t.sent}, dropped ${t.dropped}, late ${t.lateSends}, lag p50/p99 ${t.lagP50Us}/${t.lagP99Us} µs, sender CPU ${cpu}`);
      }
      if (json) writeJson(ctx, json, repetition);
      if (!repetition.valid) {
        throw new HarnessError('RUN_INVALID', `the measurement is invalid: ${repetition.invalidReasons[0]}`, {
          hint: 'numbers above are shown for diagnosis only',
        });
      }
    });
}
