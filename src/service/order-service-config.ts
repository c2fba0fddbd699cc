/**
 * Configuration of the order-service: the config object of the library, its defaults and limits,
 * and its environment-variable form (how the program is configured as a child process and in a
 * pod). One table drives validation, env parsing and env rendering, so they cannot disagree.
 * Node builtins only: this file is bundled into the program.
 */
import { isIP } from 'node:net';

/** Everything an order-service instance can be told. Units are in the names. */
export interface OrderServiceConfig {
  /** TCP port; 0 = a free port chosen by the OS (read it back from the listening line). */
  port: number;
  /** Address to listen on: 127.0.0.1 by default, 0.0.0.0 in pods. */
  host: string;
  /** Name in the listening line, e.g. `gateway`, `order`, `fulfillment` (a DNS label). */
  serviceName: string;
  /** Responses are padded to this many bytes (a JSON `pad` field); 0 = no padding. */
  responseBytes: number;
  /** Fixed delay added before each order answer, ms (fractional allowed; timer resolution 1 ms); 0 = no timer. */
  addedDelayMs: number;
  /**
   * Injected CPU cost of each order answer, µs of busy work (a calibration knob: cpu-burn.ts);
   * 0 = none.
   */
  cpuCostUs: number;
  /**
   * Next service of a chain, `http://host:port`; every order request calls it first. Several
   * URLs, comma-separated, make a fan-out: every order request calls all of them in parallel.
   */
  downstreamUrl: string | undefined;
  /** A downstream call fails when the downstream stays silent this long, ms. */
  downstreamTimeoutMs: number;
  /** Most concurrent keep-alive connections to the downstream. */
  downstreamMaxSockets: number;
  /** Orders 1..seedOrders exist from the start and are never evicted. */
  seedOrders: number;
  /** Most created orders held (on top of the seeded ones); the oldest are evicted past it. */
  maxOrders: number;
  /** Larger request bodies are refused with 413. */
  maxBodyBytes: number;
  /** After a shutdown signal, connections still open after this long are closed, ms. */
  shutdownTimeoutMs: number;
  /** On shutdown, keep serving (with /readyz = 503) this long before refusing connections, ms. */
  shutdownDrainMs: number;
  /**
   * PEM certificate (chain) and key files: serve TLS, with h2 or HTTP/1.1 chosen by ALPN. Both or
   * neither; without them the port speaks cleartext HTTP/1.1 and h2c (gRPC included).
   */
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  /**
   * PEM file of the CAs client certificates are checked against: with it, a TLS handshake without a
   * valid client certificate is refused (mutual TLS). Needs tlsCertFile and tlsKeyFile.
   */
  tlsClientCaFile: string | undefined;
}

/** Defaults of every field. */
export const DEFAULT_ORDER_SERVICE_CONFIG: Readonly<OrderServiceConfig> = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  serviceName: 'order-service',
  responseBytes: 256,
  addedDelayMs: 0,
  cpuCostUs: 0,
  downstreamUrl: undefined,
  downstreamTimeoutMs: 5_000,
  downstreamMaxSockets: 128,
  seedOrders: 1_000,
  maxOrders: 100_000,
  maxBodyBytes: 64 * 1024,
  shutdownTimeoutMs: 10_000,
  shutdownDrainMs: 0,
  tlsCertFile: undefined,
  tlsKeyFile: undefined,
  tlsClientCaFile: undefined,
});

type NumberKey = {
  [K in keyof OrderServiceConfig]: OrderServiceConfig[K] extends number ? K : never;
}[keyof OrderServiceConfig];
type TextKey = Exclude<keyof OrderServiceConfig, NumberKey>;

interface NumberField {
  key: NumberKey;
  env: string;
  min: number;
  max: number;
  /** Fractions allowed (ADDED_DELAY_MS). */
  fractional?: boolean;
}

interface TextField {
  key: TextKey;
  env: string;
  /** Problem with the value, or undefined when it is fine. */
  check: (value: string) => string | undefined;
}

const NUMBER_FIELDS: readonly NumberField[] = [
  { key: 'port', env: 'PORT', min: 0, max: 65_535 },
  { key: 'responseBytes', env: 'RESPONSE_BYTES', min: 0, max: 10_000_000 },
  { key: 'addedDelayMs', env: 'ADDED_DELAY_MS', min: 0, max: 60_000, fractional: true },
  { key: 'cpuCostUs', env: 'CPU_COST_US', min: 0, max: 1_000_000 },
  { key: 'downstreamTimeoutMs', env: 'DOWNSTREAM_TIMEOUT_MS', min: 1, max: 600_000 },
  { key: 'downstreamMaxSockets', env: 'DOWNSTREAM_MAX_SOCKETS', min: 1, max: 10_000 },
  { key: 'seedOrders', env: 'SEED_ORDERS', min: 0, max: 1_000_000 },
  { key: 'maxOrders', env: 'MAX_ORDERS', min: 1, max: 10_000_000 },
  { key: 'maxBodyBytes', env: 'MAX_BODY_BYTES', min: 1, max: 100 * 1024 * 1024 },
  { key: 'shutdownTimeoutMs', env: 'SHUTDOWN_TIMEOUT_MS', min: 0, max: 600_000 },
  { key: 'shutdownDrainMs', env: 'SHUTDOWN_DRAIN_MS', min: 0, max: 600_000 },
];

const SERVICE_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const HOST_NAME_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

function checkHost(value: string): string | undefined {
  return isIP(value) !== 0 || HOST_NAME_PATTERN.test(value) ? undefined : 'must be an IP address or a host name';
}

function checkServiceName(value: string): string | undefined {
  return SERVICE_NAME_PATTERN.test(value) ? undefined : 'must be lowercase letters, digits and dashes (a DNS label)';
}

/** The URLs of a downstreamUrl value (one for a chain, several for a fan-out). */
export function downstreamUrlList(value: string): string[] {
  return value.split(',').map((u) => u.trim());
}

function checkDownstreamUrl(value: string): string | undefined {
  const urls = downstreamUrlList(value);
  if (urls.length > 1) {
    if (new Set(urls).size !== urls.length) return 'lists a URL twice';
    const problems = urls.map((u) => [u, checkOneDownstreamUrl(u)] as const).filter(([, p]) => p !== undefined);
    return problems.length > 0 ? `${JSON.stringify(problems[0]?.[0])} ${problems[0]?.[1]}` : undefined;
  }
  return checkOneDownstreamUrl(value);
}

function checkOneDownstreamUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL like http://127.0.0.1:8080';
  }
  if (url.protocol !== 'http:') return 'must be an http:// URL (the mesh provides TLS)';
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    return 'must be only scheme, host and port, like http://fulfillment:8080';
  }
  return undefined;
}

function checkFilePath(value: string): string | undefined {
  return value.trim() === '' ? 'must be a file path' : undefined;
}

const TEXT_FIELDS: readonly TextField[] = [
  { key: 'host', env: 'HOST', check: checkHost },
  { key: 'serviceName', env: 'SERVICE_NAME', check: checkServiceName },
  { key: 'downstreamUrl', env: 'DOWNSTREAM_URL', check: checkDownstreamUrl },
  { key: 'tlsCertFile', env: 'TLS_CERT_FILE', check: checkFilePath },
  { key: 'tlsKeyFile', env: 'TLS_KEY_FILE', check: checkFilePath },
  { key: 'tlsClientCaFile', env: 'TLS_CLIENT_CA_FILE', check: checkFilePath },
];

/** Fields that may stay undefined. */
const OPTIONAL_TEXT: ReadonlySet<keyof OrderServiceConfig> = new Set(['downstreamUrl', 'tlsCertFile', 'tlsKeyFile', 'tlsClientCaFile']);

function tlsPairProblem(config: OrderServiceConfig, names: { cert: string; key: string; clientCa: string }): string | undefined {
  if ((config.tlsCertFile === undefined) !== (config.tlsKeyFile === undefined)) return `${names.cert} and ${names.key}: give both or neither`;
  return config.tlsClientCaFile !== undefined && config.tlsCertFile === undefined ? `${names.clientCa} needs ${names.cert} and ${names.key} (client certificates are asked for over TLS only)` : undefined;
}

/** Environment variables the program reads, by config field. */
export const ORDER_SERVICE_ENV: Readonly<Record<keyof OrderServiceConfig, string>> = Object.freeze(
  Object.fromEntries([...NUMBER_FIELDS, ...TEXT_FIELDS].map((f) => [f.key, f.env])) as Record<
    keyof OrderServiceConfig,
    string
  >,
);

function numberProblem(field: NumberField, value: number): string | undefined {
  const kind = field.fractional ? 'a number' : 'an integer';
  const ok = Number.isFinite(value) && (field.fractional || Number.isInteger(value));
  return ok && value >= field.min && value <= field.max
    ? undefined
    : `must be ${kind} from ${field.min} to ${field.max}`;
}

/** Invalid configuration; `problems` lists every bad field, each naming it. */
export class OrderServiceConfigError extends Error {
  override name = 'OrderServiceConfigError';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`invalid order-service config: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

/** Fills defaults and validates; throws {@link OrderServiceConfigError} naming every bad field. */
export function resolveOrderServiceConfig(options: Partial<OrderServiceConfig> = {}): OrderServiceConfig {
  const config: OrderServiceConfig = { ...DEFAULT_ORDER_SERVICE_CONFIG };
  for (const [key, value] of Object.entries(options) as [keyof OrderServiceConfig, unknown][]) {
    if (value !== undefined) Object.assign(config, { [key]: value });
  }
  const problems: string[] = [];
  for (const field of NUMBER_FIELDS) {
    const value: unknown = config[field.key];
    const problem = typeof value === 'number' ? numberProblem(field, value) : 'must be a number';
    if (problem) problems.push(`${field.key}: ${problem} (got ${String(value)})`);
  }
  for (const field of TEXT_FIELDS) {
    const value: unknown = config[field.key];
    if (value === undefined && OPTIONAL_TEXT.has(field.key)) continue;
    const problem = typeof value === 'string' ? field.check(value) : 'must be a string';
    if (problem) problems.push(`${field.key}: ${problem} (got ${JSON.stringify(value)})`);
  }
  const pair = tlsPairProblem(config, { cert: 'tlsCertFile', key: 'tlsKeyFile', clientCa: 'tlsClientCaFile' });
  if (pair) problems.push(pair);
  if (problems.length > 0) throw new OrderServiceConfigError(problems);
  return config;
}

/** Result of {@link parseOrderServiceEnv}: a valid config, or problems each naming its variable. */
export type OrderServiceEnvResult = { ok: true; config: OrderServiceConfig } | { ok: false; problems: string[] };

const INTEGER_TEXT = /^\d+$/;
const DECIMAL_TEXT = /^\d+(\.\d+)?$/;

/**
 * Reads the config from environment variables (names in {@link ORDER_SERVICE_ENV}); unset or
 * empty variables take the default. Numbers are plain decimals (no sign, exponent or spaces).
 */
export function parseOrderServiceEnv(env: Readonly<Record<string, string | undefined>>): OrderServiceEnvResult {
  const config: OrderServiceConfig = { ...DEFAULT_ORDER_SERVICE_CONFIG };
  const problems: string[] = [];
  for (const field of NUMBER_FIELDS) {
    const text = env[field.env];
    if (text === undefined || text === '') continue;
    const value = (field.fractional ? DECIMAL_TEXT : INTEGER_TEXT).test(text) ? Number(text) : Number.NaN;
    const problem = numberProblem(field, value);
    if (problem) problems.push(`${field.env}: ${problem} (got ${JSON.stringify(text)})`);
    else config[field.key] = value;
  }
  for (const field of TEXT_FIELDS) {
    const text = env[field.env];
    if (text === undefined || text === '') continue;
    const problem = field.check(text);
    if (problem) problems.push(`${field.env}: ${problem} (got ${JSON.stringify(text)})`);
    else config[field.key] = text;
  }
  const pair = tlsPairProblem(config, { cert: 'TLS_CERT_FILE', key: 'TLS_KEY_FILE', clientCa: 'TLS_CLIENT_CA_FILE' });
  if (pair) problems.push(pair);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

/**
 * Renders config fields as the environment the program reads (for child processes and pod
 * manifests); fields left undefined are omitted, so the program's defaults apply.
 */
export function orderServiceEnv(options: Partial<OrderServiceConfig>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const field of [...NUMBER_FIELDS, ...TEXT_FIELDS]) {
    const value = options[field.key];
    if (value !== undefined) env[field.env] = String(value);
  }
  return env;
}
