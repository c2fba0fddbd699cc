/**
 * The load agent's contract: its input (one repetition of one level, for this agent's share of
 * the rate) and the JSON lines it prints. The same agent runs as a child process (local) and as a
 * Job pod (Kubernetes), where the result is the last JSON line of the pod log.
 */
import type { LoadProtocol, RequestSpec } from '../config/scenario-schema.ts';

export const AGENT_SPEC_ENV = 'MESHBENCH_AGENT_SPEC';

export interface AgentSpec {
  /** Base URL of the service under load, e.g. http://127.0.0.1:8080. */
  targetUrl: string;
  /** This agent's share of the level's rate, requests/second. */
  rps: number;
  engine: 'open' | 'closed';
  arrival: 'uniform' | 'poisson';
  connections: number;
  warmupMs: number;
  durationMs: number;
  timeoutMs: number;
  maxQueuedRequests: number;
  /** The request mix. */
  requests: RequestSpec[];
  /** Orders 1..seedOrders exist in the order-service (GET/PATCH target them). */
  seedOrders: number;
  seed: number;
  agentIndex: number;
  /** Sending threads (open loop); the schedule is split between them. Default 1. */
  threads?: number | undefined;
  /** TLS client settings of an https:// target; absent: defaults (SNI from the URL, system CAs). */
  tls?: TlsClientSpec | undefined;
  /** Wire protocol (scenario load.protocol); default http1. */
  protocol?: LoadProtocol | undefined;
  /** Streams per HTTP/2 connection (scenario load.maxStreams); default 10. */
  maxStreams?: number | undefined;
  /** Wall-clock time to start the warm-up at (epoch ms), so several agents start together; 0 = now. */
  startAtMs: number;
}

/**
 * How the agent speaks TLS to an https:// target (docs/engine.md, HTTPS). Files are read by the
 * process that runs the engine.
 */
export interface TlsClientSpec {
  /** SNI and the name the certificate must match; default: the URL's host name (no SNI for an IP). */
  servername?: string | undefined;
  /** PEM file of the CAs to trust instead of the system's (like curl --cacert). */
  caFile?: string | undefined;
  /** PEM client certificate and its private key, for servers that ask for one (mutual TLS). */
  certFile?: string | undefined;
  keyFile?: string | undefined;
  /** Skip certificate verification. Off unless asked for. */
  insecure?: boolean | undefined;
}

/** What TLS negotiated during one engine run (warm-up included). */
export interface AgentTlsStats {
  /** Protocol version, e.g. `TLSv1.3`; comma-separated if connections differed. */
  version: string;
  /** Cipher suite, IANA name (e.g. `TLS_AES_128_GCM_SHA256`); comma-separated if connections differed. */
  cipher: string;
  /** Completed handshakes (one per connection opened), and how many of them resumed a session. */
  handshakes: number;
  resumedSessions: number;
}

export type AgentEvent =
  | { type: 'window-start'; timeMs: number; agentIndex: number }
  | { type: 'window-end'; timeMs: number; agentIndex: number }
  | AgentProgressEvent
  | { type: 'result'; result: AgentResult };

/**
 * Printed about once a second during the measured window (single-threaded engines): what the
 * window has completed so far, for live progress on a terminal. Not part of the result.
 */
export interface AgentProgressEvent {
  type: 'progress';
  agentIndex: number;
  /** Epoch ms when the counts were read. */
  timeMs: number;
  /** Epoch ms when the window started. */
  windowStartMs: number;
  completed: number;
  errors: number;
}

/** How often an agent prints a progress event during the window. */
export const AGENT_PROGRESS_INTERVAL_MS = 1_000;

/** What one agent measured in one window. Histograms are encoded so agents can be merged. */
export interface AgentResult {
  agentIndex: number;
  engine: 'open' | 'closed';
  arrival: 'uniform' | 'poisson' | 'closed-loop';
  connections: number;
  targetRps: number;
  windowStartMs: number;
  windowEndMs: number;
  durationMs: number;
  /** Requests whose intended send time fell in the window. */
  scheduled: number;
  sent: number;
  completed: number;
  /** 2xx/3xx responses. */
  ok: number;
  /** Non-2xx/3xx responses + transport errors. */
  errors: number;
  dropped: number;
  statusCounts: Record<string, number>;
  errorCounts: Record<string, number>;
  histograms: {
    latencyUs: string;
    serviceTimeUs: string;
    schedulerLagUs: string;
  };
  /** Sends later than 1 ms after their intended time. */
  lateSends: number;
  /** The agent process's own CPU over the window (user + system), core-seconds. */
  cpuCoreSeconds: number;
  /** https:// targets: what TLS negotiated. */
  tls?: AgentTlsStats | undefined;
  /** With load.threads > 1: each sending thread's own health. */
  threads?: AgentThreadHealth[] | undefined;
}

/** One sending thread of a threaded open loop. */
export interface AgentThreadHealth {
  index: number;
  sent: number;
  dropped: number;
  lateSends: number;
  lagP50Us: number;
  lagP99Us: number;
  /** CPU of the thread's sender (not its waker thread) over the window, seconds; null off Linux. */
  cpuSeconds: number | null;
}
