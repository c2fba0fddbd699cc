/**
 * The open-loop engine tests' load against a scripted loopback server, shared by the files that
 * check what the engine counts (parallel tier) and the files that check its time figures (timing
 * tier): one server per load, closed after each test.
 */
import { afterEach } from 'vitest';
import { createFixedRequestPicker } from '../../src/load/fixed-request.ts';
import { type EngineResult, type OpenLoopOptions, runOpenLoop } from '../../src/load/open-loop-engine.ts';
import { type H2TestServer, type H2TestServerOptions, startH2TestServer } from './h2-test-server.ts';
import { startTestServer, type TestServer, type TestServerOptions } from './http-test-server.ts';

export const ordersPicker = () => createFixedRequestPicker({ method: 'GET', path: '/orders/1', body: null, headers: {} });

/** The server of the current test (null before a load), closed after each test. */
interface EngineLoad<S, O> {
  readonly server: S | null;
  load(serverOptions: O, options?: Partial<OpenLoopOptions>): Promise<EngineResult>;
}

function engineLoad<S extends { url: string; close(): Promise<void> }, O>(start: (o: O) => Promise<S>, defaults: Omit<OpenLoopOptions, 'targetUrl'>): EngineLoad<S, O> {
  let server: S | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });
  return {
    get server() {
      return server;
    },
    async load(serverOptions, options = {}) {
      await server?.close();
      server = await start(serverOptions);
      return runOpenLoop({ targetUrl: server.url, ...defaults, ...options });
    },
  };
}

/** What both protocols' loads share: 200 rps uniform, 300 ms warm-up, 1.5 s window, GET /orders/1. */
const SHARED_DEFAULTS = {
  rps: 200,
  arrival: 'uniform',
  warmupMs: 300,
  durationMs: 1_500,
  timeoutMs: 2_000,
  maxQueuedRequests: 10_000,
  seed: 1,
} as const;

/** HTTP/1.1: 200 rps uniform, 8 connections, 300 ms warm-up, 1.5 s window. Call at a file's top level. */
export function http1EngineLoad(): EngineLoad<TestServer, TestServerOptions> {
  return engineLoad(startTestServer, { ...SHARED_DEFAULTS, connections: 8, picker: ordersPicker() });
}

/** h2c: 200 rps uniform, 2 connections × 8 streams, 300 ms warm-up, 1.5 s window. Call at a file's top level. */
export function h2EngineLoad(): EngineLoad<H2TestServer, H2TestServerOptions> {
  return engineLoad(startH2TestServer, { ...SHARED_DEFAULTS, protocol: 'h2c', maxStreams: 8, connections: 2, picker: ordersPicker() });
}
