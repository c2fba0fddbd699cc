/**
 * haproxy.cfg for the two halves of the local emulated sidecar pair (pure). Both are HTTP-aware
 * proxies (`mode http`, keep-alive on both sides, connection reuse), like Envoy sidecars:
 *
 *   load agent → client sidecar 127.0.0.1:<clientPort> (plaintext HTTP/1.1)
 *              → mutual TLS → server sidecar 127.0.0.1:<serverPort>
 *              → plaintext → order-service 127.0.0.1:<upstreamPort>
 *
 * Nothing is logged unless the scenario switches `accessLog` on: logging sits in the hot path
 * being measured. One process with `nbthread` threads, as a sidecar with `concurrency` workers.
 * The scenario features each map to haproxy directives (docs/capability-matrix.md):
 * - `retries` → `retries N` and `retry-on …` in the client sidecar's backend (outbound, as Envoy);
 * - `timeouts` / `retries.perTryTimeout` → `timeout server` there;
 * - `accessLog` → `log stdout` with `option httplog` in both sidecars (stdout goes to a file);
 * - `upstreamHttp2` → ALPN `h2` on the mTLS hop: `alpn h2` on the client's server line,
 *   `alpn h2,http/1.1` on the server sidecar's bind;
 * - `authz` → in the server sidecar, `l4`: `tcp-request session reject` unless the client
 *   certificate names the allowed caller; `l7`: that, plus `http-request deny` unless the request
 *   is one of the order-service operations (mesh/common/l7-rules.ts).
 *
 * `workload.idleServices` (docs/topology.md) is emulated as N idle outbound backends in both
 * sidecars, as a mesh gives every sidecar a cluster per Service of the mesh: each backend has one
 * mutual-TLS server (its own TLS context, as Envoy's per-cluster transport socket) whose endpoint
 * is the server sidecar's live mTLS port. No request is routed to them and they have no health
 * checks: they only make the configuration, and the proxy's memory, grow.
 */
import { HarnessError } from '../../errors.ts';
import { ORDER_OPERATIONS } from '../../mesh/common/l7-rules.ts';
import { CPU_BURN_ACTION, CPU_BURN_FORCED_YIELD } from './haproxy-cpu-burn.ts';

/** What both halves share. */
export interface HaproxyProcessOptions {
  /** Worker threads (`nbthread`), like a sidecar's concurrency setting. */
  threads: number;
  /** Global and per-frontend connection limit; default 4096. */
  maxConnections?: number | undefined;
  /**
   * Injected CPU cost per request, µs (calibration knob, haproxy-cpu-burn.ts); with it,
   * `luaBurnScriptPath` names the Lua file holding the burn action. 0 or absent = none.
   */
  cpuCostUs?: number | undefined;
  luaBurnScriptPath?: string | undefined;
  /** One log line per request on stdout (`option httplog`); default off. */
  accessLog?: boolean | undefined;
  /** HTTP/2 over the mutual-TLS hop between the sidecars (ALPN h2); default off (HTTP/1.1). */
  upstreamHttp2?: boolean | undefined;
  /** Idle outbound backends (workload.idleServices); absent or count 0 = none. */
  idleServices?: IdleServiceBackends | undefined;
}

/** The idle services' backends: how many, and the live mTLS endpoint and certificates they name. */
export interface IdleServiceBackends {
  count: number;
  /** The server sidecar's mTLS port (a live endpoint, never sent a request). */
  endpointPort: number;
  caPath: string;
  /** Client certificate + key in one PEM. */
  clientPemPath: string;
}

/** Most idle backends a config may hold (workload.idleServices' limit). */
export const MAX_IDLE_BACKENDS = 2_000;

/** Name of idle backend i (1-based): `idle-svc-0001`. */
export function idleBackendName(index: number): string {
  return `idle-svc-${String(index).padStart(4, '0')}`;
}

/** Retries of the client sidecar (features.retries). */
export interface SidecarRetries {
  /** Retries after the first attempt. */
  attempts: number;
  on: ReadonlyArray<'connect-failure' | 'reset' | 'gateway-error' | '5xx'>;
  /** Deadline of each attempt (haproxy `timeout server`), or null for the default. */
  perTryTimeoutMs: number | null;
}

/** Options of {@link renderClientSidecarConfig}. */
export interface ClientSidecarConfigOptions extends HaproxyProcessOptions {
  /** Plaintext port the load agent sends to. */
  listenPort: number;
  /** The server sidecar's mTLS port. */
  serverSidecarPort: number;
  caPath: string;
  /** Client certificate + key in one PEM. */
  clientPemPath: string;
  /** Name the server certificate must carry (SNI and verification); default `localhost`. */
  serverName?: string | undefined;
  /** features.retries, or none. */
  retries?: SidecarRetries | null | undefined;
  /** features.timeouts.request: deadline of a request at the client sidecar, or none. */
  requestTimeoutMs?: number | null | undefined;
}

/** Options of {@link renderServerSidecarConfig}. */
export interface ServerSidecarConfigOptions extends HaproxyProcessOptions {
  /** mTLS port the client sidecar connects to. */
  listenPort: number;
  /** The order-service's plaintext port. */
  upstreamPort: number;
  caPath: string;
  /** Server certificate + key in one PEM. */
  serverPemPath: string;
  /** features.authz; default off. */
  authz?: 'off' | 'l4' | 'l7' | undefined;
  /** With authz: the common name of the one client certificate allowed in. */
  allowedClientCn?: string | undefined;
}

/** Default connection limit of each sidecar. */
export const DEFAULT_SIDECAR_MAX_CONNECTIONS = 4096;

function invalid(message: string): HarnessError {
  return new HarnessError('INTERNAL', `haproxy config: ${message}`);
}

function port(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65_535) throw invalid(`${name} ${value} is not a TCP port`);
  return value;
}

/** A path as a double-quoted haproxy argument. */
function quotedPath(name: string, value: string): string {
  if (value === '' || /["\\\n\r$]/.test(value)) throw invalid(`${name} ${JSON.stringify(value)} cannot be quoted safely`);
  return `"${value}"`;
}

function cpuCostUs(options: HaproxyProcessOptions): number {
  const cost = options.cpuCostUs ?? 0;
  if (!Number.isInteger(cost) || cost < 0 || cost > 1_000_000) throw invalid(`cpuCostUs ${cost} is not 0..1000000`);
  if (cost > 0 && options.luaBurnScriptPath === undefined) throw invalid('cpuCostUs needs luaBurnScriptPath');
  return cost;
}

/** Global lines that load the burn action (only when a cost is injected). */
function burnGlobals(options: HaproxyProcessOptions): string {
  if (cpuCostUs(options) === 0) return '';
  return `    # injected CPU cost per request (calibration run)
    tune.lua.forced-yield ${CPU_BURN_FORCED_YIELD}
    lua-load ${quotedPath('luaBurnScriptPath', options.luaBurnScriptPath ?? '')}
`;
}

/** The frontend line that burns the injected cost on every request. */
function burnRequestLine(options: HaproxyProcessOptions): string {
  const cost = cpuCostUs(options);
  return cost === 0 ? '' : `    http-request lua.${CPU_BURN_ACTION} ${cost}\n`;
}

function logGlobals(options: HaproxyProcessOptions): string {
  if (!options.accessLog) return '    # no "log" line: nothing is logged in the measured path\n';
  return '    # features.accessLog: one line per request on stdout (a file)\n    log stdout format raw local0 info\n';
}

function logDefaults(options: HaproxyProcessOptions): string {
  return options.accessLog ? '    log global\n    option httplog\n' : '';
}

/** haproxy's retry-on keywords for the scenario's conditions (docs/capability-matrix.md). */
export function retryOnKeywords(retries: SidecarRetries): string[] {
  const words = new Set<string>();
  for (const condition of retries.on) {
    if (condition === 'connect-failure') words.add('conn-failure');
    if (condition === 'reset') words.add('empty-response');
    if (condition === 'gateway-error') for (const code of ['502', '503', '504']) words.add(code);
    if (condition === '5xx') for (const code of ['500', '501', '502', '503', '504']) words.add(code);
  }
  if (retries.perTryTimeoutMs !== null) words.add('response-timeout');
  return [...words];
}

function milliseconds(name: string, value: number): string {
  if (!Number.isInteger(value) || value < 1) throw invalid(`${name} ${value} is not a whole number of milliseconds ≥ 1`);
  return `${value}ms`;
}

/** The client sidecar's backend lines for retries and timeouts. */
function clientBackendFeatures(options: ClientSidecarConfigOptions): string {
  const lines: string[] = [];
  const retries = options.retries ?? null;
  const requestTimeoutMs = options.requestTimeoutMs ?? null;
  if (retries && requestTimeoutMs !== null) {
    throw invalid('retries and a request timeout together: haproxy bounds each attempt (timeout server), not the whole request');
  }
  if (retries) {
    if (!Number.isInteger(retries.attempts) || retries.attempts < 1 || retries.attempts > 10) throw invalid(`retries ${retries.attempts} is not 1..10`);
    lines.push(`    # features.retries`, `    retries ${retries.attempts}`, `    retry-on ${retryOnKeywords(retries).join(' ')}`);
    if (retries.perTryTimeoutMs !== null) lines.push(`    timeout server ${milliseconds('perTryTimeoutMs', retries.perTryTimeoutMs)}`);
  }
  if (requestTimeoutMs !== null) lines.push('    # features.timeouts', `    timeout server ${milliseconds('requestTimeoutMs', requestTimeoutMs)}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The idle backends (see the module comment), or nothing. */
function idleBackends(options: HaproxyProcessOptions): string {
  const idle = options.idleServices;
  if (!idle || idle.count === 0) return '';
  if (!Number.isInteger(idle.count) || idle.count < 0 || idle.count > MAX_IDLE_BACKENDS) throw invalid(`idle services ${idle.count} is not 0..${MAX_IDLE_BACKENDS}`);
  const tls = `ssl verify required ca-file ${quotedPath('caPath', idle.caPath)} crt ${quotedPath('clientPemPath', idle.clientPemPath)} sni str(localhost) verifyhost localhost`;
  const endpoint = `127.0.0.1:${port('endpointPort', idle.endpointPort)}`;
  const blocks = [`\n# workload.idleServices: ${idle.count} idle outbound backends (configuration only; no traffic)`];
  for (let i = 1; i <= idle.count; i++) {
    const name = idleBackendName(i);
    blocks.push(`backend ${name}\n    http-reuse always\n    server ${name} ${endpoint} ${tls}`);
  }
  return `${blocks.join('\n')}\n`;
}

function globalAndDefaults(role: string, options: HaproxyProcessOptions): string {
  const { threads } = options;
  const maxConnections = options.maxConnections ?? DEFAULT_SIDECAR_MAX_CONNECTIONS;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw invalid(`threads ${threads} is not 1..64`);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) throw invalid(`maxConnections ${maxConnections} is not positive`);
  return `# generated by meshbench: ${role}
global
    nbthread ${threads}
    maxconn ${maxConnections}
    ssl-server-verify required
    ssl-default-bind-options ssl-min-ver TLSv1.2
    ssl-default-server-options ssl-min-ver TLSv1.2
${burnGlobals(options)}${logGlobals(options)}
defaults
    mode http
    option http-keep-alive
${logDefaults(options)}    maxconn ${maxConnections}
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    timeout http-keep-alive 60s
    timeout queue 10s
`;
}

/** The client-side sidecar: plaintext HTTP in on loopback, mutual TLS out to the server sidecar. */
export function renderClientSidecarConfig(options: ClientSidecarConfigOptions): string {
  const serverName = options.serverName ?? 'localhost';
  if (!/^[A-Za-z0-9.-]+$/.test(serverName)) throw invalid(`server name ${JSON.stringify(serverName)} is not a host name`);
  const tls = [
    'ssl verify required',
    `ca-file ${quotedPath('caPath', options.caPath)}`,
    `crt ${quotedPath('clientPemPath', options.clientPemPath)}`,
    `sni str(${serverName})`,
    `verifyhost ${serverName}`,
    ...(options.upstreamHttp2 ? ['alpn h2'] : []),
  ].join(' ');
  return `${globalAndDefaults('client-side sidecar (plaintext in, mutual TLS out)', options)}
frontend client_sidecar
    bind 127.0.0.1:${port('listenPort', options.listenPort)}
${burnRequestLine(options)}    default_backend server_sidecar

backend server_sidecar
    http-reuse always
${clientBackendFeatures(options)}    server server-sidecar 127.0.0.1:${port('serverSidecarPort', options.serverSidecarPort)} ${tls}
${idleBackends(options)}`;
}

/** The server sidecar's authorization lines (features.authz). */
function serverAuthzLines(options: ServerSidecarConfigOptions): string {
  const authz = options.authz ?? 'off';
  if (authz === 'off') return '';
  const cn = options.allowedClientCn ?? '';
  if (!/^[A-Za-z0-9._-]+$/.test(cn)) throw invalid(`allowedClientCn ${JSON.stringify(cn)} is not a plain common name`);
  const lines = [`    # features.authz: ${authz}: only the allowed caller's certificate gets a session`, `    tcp-request session reject unless { ssl_c_s_dn(cn) -m str ${cn} }`];
  if (authz === 'l7') {
    lines.push('    # ... and only the order-service operations');
    const allowed = ORDER_OPERATIONS.map((op, i) => {
      lines.push(`    acl op${i}_method method ${op.method}`, `    acl op${i}_path path_reg ^${op.path.regex}$`);
      return `op${i}_method op${i}_path`;
    });
    lines.push(`    http-request deny deny_status 403 unless ${allowed.join(' or ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The server-side sidecar: mutual TLS in (client certificate required), plaintext to the app. */
export function renderServerSidecarConfig(options: ServerSidecarConfigOptions): string {
  const tls = [
    'ssl',
    `crt ${quotedPath('serverPemPath', options.serverPemPath)}`,
    'verify required',
    `ca-file ${quotedPath('caPath', options.caPath)}`,
    ...(options.upstreamHttp2 ? ['alpn h2,http/1.1'] : []),
  ].join(' ');
  return `${globalAndDefaults('server-side sidecar (mutual TLS in, plaintext to the app)', options)}
frontend server_sidecar
    bind 127.0.0.1:${port('listenPort', options.listenPort)} ${tls}
${serverAuthzLines(options)}${burnRequestLine(options)}    default_backend order_service

backend order_service
    http-reuse always
    server order-service 127.0.0.1:${port('upstreamPort', options.upstreamPort)}
${idleBackends(options)}`;
}
