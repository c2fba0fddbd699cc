import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_MAX_STREAMS, LOAD_PROTOCOLS, type LoadProtocol, MAX_STREAMS_LIMIT } from '../../config/scenario-schema.ts';
import { HarnessError, isInterrupted, usageError } from '../../errors.ts';
import { runClosedLoop } from '../../load/closed-loop-engine.ts';
import { MAX_OPEN_LOOP_RPS, runOpenLoop } from '../../load/open-loop-engine.ts';
import { runOpenLoopThreads } from '../../load/open-loop-threads.ts';
import { createFixedRequestPicker } from '../../load/fixed-request.ts';
import { checkProtocolUrl } from '../../load/load-transport.ts';
import { buildRepetition } from '../../results/build-repetition.ts';
import { checkOutputPath, writeFileAtomic } from '../../results/output-file.ts';
import { renderLoadReport } from '../../render/render-load-report.ts';
import { type CliContext, writeLine } from '../cli-context.ts';
import { parseDurationOption, parseOptionalDurationOption, parsePositiveInt, parsePositiveNumber } from './option-parsers.ts';

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
  json?: string;
  protocol: string;
  maxStreams: number;
  cacert?: string;
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

export function registerLoadCommand(program: Command, ctx: CliContext): void {
  program
    .command('load')
    .description('the load engine alone against a URL, like wrk2: open loop at a constant rate, or a closed-loop max-throughput probe')
    .argument('<url>', 'http:// URL to load (loopback or your own test hosts)')
    .option('-r, --rate <rps>', 'constant arrival rate, requests/second (open loop; required for it)', parsePositiveNumber)
    .option('-d, --duration <duration>', 'measured window', parseDurationOption, 10_000)
    .option('-w, --warmup <duration>', 'warm-up before the window (not recorded; 0s for none)', parseOptionalDurationOption, 2_000)
    .option('-c, --connections <n>', 'keep-alive connections', parsePositiveInt, 16)
    .option('--threads <n>', 'sending threads of the open loop (each owns connections/N and every N-th arrival)', parsePositiveInt, 1)
    .option('-e, --engine <engine>', 'open | closed', 'open')
    .option('--arrival <arrival>', 'uniform | poisson (open loop)', 'uniform')
    .option('-m, --method <method>', 'HTTP method', 'GET')
    .option('-b, --body <text>', 'request body')
    .option('-H, --header <header>', 'request header "Name: value" (repeatable)', collect, [])
    .option('-t, --timeout <duration>', 'per-request timeout', parseDurationOption, 5_000)
    .option('--protocol <protocol>', `${LOAD_PROTOCOLS.join(' | ')}: h2c = cleartext HTTP/2, h2 = HTTP/2 over TLS (https://), grpc = unary gRPC calls`, 'http1')
    .option('--max-streams <n>', `concurrent streams per HTTP/2 connection (h2c, h2, grpc; at most ${MAX_STREAMS_LIMIT}, and the server's limit)`, parsePositiveInt, DEFAULT_MAX_STREAMS)
    .option('--cacert <file>', 'https: PEM file of the CAs to trust instead of the system ones')
    .option('--insecure', 'https: do not verify the server certificate (explicit; off by default)')
    .option('--json <file>', 'also write the measurement as JSON')
    .action(async (url: string, flags: LoadFlags, command: Command) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw usageError(`"${url}" is not a URL`, 'e.g. http://127.0.0.1:8080/orders/1');
      }
      if (!(LOAD_PROTOCOLS as readonly string[]).includes(flags.protocol)) throw usageError(`unknown protocol "${flags.protocol}"`, `use ${LOAD_PROTOCOLS.join(', ')}`);
      const protocol = flags.protocol as LoadProtocol;
      // HTTPS for HTTP/1.1 is not in this engine; HTTP/2 and gRPC speak TLS to https:// URLs.
      if (protocol === 'http1' && parsed.protocol !== 'http:') throw usageError(`only http:// URLs are supported with protocol http1, got ${parsed.protocol}`, 'for TLS use --protocol h2 or grpc');
      checkProtocolUrl(protocol, parsed);
      if (flags.maxStreams > MAX_STREAMS_LIMIT) throw usageError(`--max-streams ${flags.maxStreams} is more than ${MAX_STREAMS_LIMIT}`);
      if (command.getOptionValueSource('maxStreams') === 'cli' && protocol === 'http1') throw usageError('--max-streams is for HTTP/2 (h2c, h2, grpc); HTTP/1.1 sends one request per connection at a time', 'add --protocol h2c, or use --connections');
      const caFile = flags.cacert === undefined ? undefined : resolve(ctx.cwd, flags.cacert);
      if (caFile !== undefined) {
        try {
          readFileSync(caFile);
        } catch (err) {
          throw usageError(`--cacert ${flags.cacert}: cannot read: ${(err as Error).message}`);
        }
      }
      const tls = { caFile, insecure: flags.insecure ?? false };
      if (flags.engine !== 'open' && flags.engine !== 'closed') throw usageError(`unknown engine "${flags.engine}"`, 'use open or closed');
      if (flags.arrival !== 'uniform' && flags.arrival !== 'poisson') throw usageError(`unknown arrival "${flags.arrival}"`, 'use uniform or poisson');
      if (flags.engine === 'open' && flags.rate === undefined) throw usageError('the open loop needs --rate', 'or use --engine closed for a max-throughput probe');
      // Checked before loading: a bad output path must not cost a measurement.
      const jsonPath = flags.json ? resolve(ctx.cwd, flags.json) : null;
      if (jsonPath) checkOutputPath({ path: jsonPath, what: 'JSON measurement', overwrite: true });
      if (flags.engine === 'closed' && (flags.rate !== undefined || command.getOptionValueSource('arrival') === 'cli' || flags.threads > 1)) {
        throw usageError('--rate, --arrival and --threads are for the open loop; the closed loop sends as fast as the connections allow', 'drop them, or use --engine open');
      }
      if (flags.rate !== undefined && flags.rate / flags.threads > MAX_OPEN_LOOP_RPS) {
        throw usageError(`--rate ${flags.rate} is more than ${flags.threads} load thread(s) can schedule (at most ${MAX_OPEN_LOOP_RPS.toLocaleString('en-US')} rps per thread)`, 'add --threads, or run several agents (a scenario with load.agents)');
      }
      const method = flags.method.toUpperCase();
      const request = { method, path: `${parsed.pathname}${parsed.search}`, body: flags.body ?? null, headers: parseHeaders(flags.header) };
      const picker = createFixedRequestPicker(request);
      const common = {
        targetUrl: parsed.origin,
        connections: flags.connections,
        warmupMs: flags.warmup,
        durationMs: flags.duration,
        timeoutMs: flags.timeout,
        picker,
        protocol,
        maxStreams: flags.maxStreams,
        tls,
        signal: ctx.signal,
      };
      writeLine(ctx.stderr, `loading ${url} for ${flags.duration / 1_000}s after ${flags.warmup / 1_000}s warm-up (${flags.engine} loop${flags.rate ? ` at ${flags.rate} rps` : ''}, ${protocol === 'http1' ? '' : `${protocol}, ${flags.maxStreams} streams × `}${flags.connections} connections${flags.threads > 1 ? `, ${flags.threads} threads` : ''})…`);
      const engineResult = await (flags.engine === 'closed'
        ? runClosedLoop(common)
        : flags.threads > 1
          ? runOpenLoopThreads({ ...common, rps: flags.rate as number, arrival: flags.arrival, maxQueuedRequests: 10_000, seed: 1, threads: flags.threads, picker: { kind: 'fixed', ...request, seed: 1 } })
          : runOpenLoop({ ...common, rps: flags.rate as number, arrival: flags.arrival, maxQueuedRequests: 10_000, seed: 1 })
      ).catch((err: unknown) => {
        if (!isInterrupted(err)) throw err;
        throw new HarnessError('INTERRUPTED', err instanceof Error ? err.message : 'interrupted', {
          hint: `the measurement was cut short, so nothing was reported${jsonPath ? ` or written to ${flags.json}` : ''}; its connections were closed`,
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
      ctx.stdout.write(renderLoadReport(repetition));
      for (const t of engineResult.threads ?? []) {
        const cpu = t.cpuSeconds === null ? 'n/a' : `${((t.cpuSeconds / (flags.duration / 1_000)) * 100).toFixed(0)}% of a core`;
        writeLine(ctx.stdout, `thread ${t.index}: sent ${t.sent}, dropped ${t.dropped}, late ${t.lateSends}, lag p50/p99 ${t.lagP50Us}/${t.lagP99Us} µs, sender CPU ${cpu}`);
      }
      if (jsonPath) writeFileAtomic(jsonPath, `${JSON.stringify(repetition, null, 2)}\n`, { what: 'JSON measurement' });
      if (!repetition.valid) {
        throw new HarnessError('RUN_INVALID', `the measurement is invalid: ${repetition.invalidReasons[0]}`, {
          hint: 'numbers above are shown for diagnosis only',
        });
      }
    });
}
