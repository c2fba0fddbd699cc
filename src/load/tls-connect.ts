/**
 * TLS for https:// targets: the client settings of one run, loaded and checked once, and the
 * sockets every connection of a pool opens with them. docs/engine.md (HTTPS) has the upstream
 * sources for the behaviour relied on here.
 *
 * - One secure context per run (CA, client certificate and key parsed once, not per connection).
 * - SNI is the URL's host name unless overridden; an IP literal sends none (RFC 6066 §3 forbids
 *   it), and the certificate is then checked against the IP.
 * - Session reuse: the last session (TLS 1.3 ticket or TLS 1.2 session) the server gave any
 *   connection of the pool is offered by the next connection the pool opens, so a reconnect after
 *   `Connection: close`, an error or a timeout resumes instead of doing a full handshake.
 * - Handshakes, resumed sessions, the negotiated version and cipher are counted for the result.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { HarnessError } from '../errors.ts';
import type { AgentTlsStats, TlsClientSpec } from '../plan/agent-protocol.ts';
import { socketAddressOf } from './target-address.ts';

/** What the raw connection needs to open one socket (the `onread` of net.connect). */
export interface SocketOpenOptions {
  host: string;
  port: number;
  onread: { buffer: Uint8Array; callback: (bytes: number, buffer: Uint8Array) => boolean };
}

interface PemBlock {
  text: string;
  /** 1-based line of its BEGIN line. */
  line: number;
}

/** The PEM blocks of one kind (`CERTIFICATE`) in a file, with the line each starts on. */
function pemBlocks(text: string, label: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const re = new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`, 'g');
  for (const m of text.matchAll(re)) blocks.push({ text: m[0], line: text.slice(0, m.index).split('\n').length });
  return blocks;
}

function readPemFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new HarnessError('USAGE', `${what} ${path}: ${reason}`);
  }
}

/** Every certificate in a PEM file, each parsed (a bad one is named by its line). */
function readCertificates(path: string, what: string): { pem: string; certificates: X509Certificate[] } {
  const text = readPemFile(path, what);
  const blocks = pemBlocks(text, 'CERTIFICATE');
  if (blocks.length === 0) {
    throw new HarnessError('USAGE', `${what} ${path}: no PEM certificate in it (expected a "-----BEGIN CERTIFICATE-----" block)`);
  }
  const certificates = blocks.map((b) => {
    try {
      return new X509Certificate(b.text);
    } catch (err) {
      throw new HarnessError('USAGE', `${what} ${path} line ${b.line}: not a valid certificate (${(err as Error).message})`);
    }
  });
  return { pem: blocks.map((b) => b.text).join('\n'), certificates };
}

function readPrivateKey(path: string): { pem: string; key: KeyObject } {
  const text = readPemFile(path, 'private key file');
  const begin = /-----BEGIN ([A-Z ]*PRIVATE KEY)-----/.exec(text);
  if (!begin) throw new HarnessError('USAGE', `private key file ${path}: no PEM private key in it (expected a "-----BEGIN PRIVATE KEY-----" block)`);
  const line = text.slice(0, begin.index).split('\n').length;
  if (begin[1] === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(text)) {
    throw new HarnessError('USAGE', `private key file ${path} line ${line}: the key is encrypted; give an unencrypted key`);
  }
  try {
    return { pem: text, key: createPrivateKey({ key: text, format: 'pem' }) };
  } catch (err) {
    throw new HarnessError('USAGE', `private key file ${path} line ${line}: not a valid private key (${(err as Error).message})`);
  }
}

/** The SNI a connection sends: an explicit servername, else the URL's host name unless it is an IP. */
export function serverNameOf(url: URL, spec: TlsClientSpec | undefined): string | undefined {
  if (spec?.servername !== undefined) return spec.servername;
  const { host } = socketAddressOf(url);
  return net.isIP(host) ? undefined : host;
}

/**
 * Reads and checks the run's TLS files and builds the secure context: a missing file, a bad PEM
 * block, an encrypted key or a certificate that does not match its key is a USAGE error naming the
 * file (and line).
 */
export function loadTlsClient(url: URL, spec: TlsClientSpec | undefined, options: { alpnProtocols?: string[] } = {}): TlsConnector {
  const s = spec ?? {};
  if (s.servername !== undefined && (s.servername === '' || net.isIP(s.servername))) {
    throw new HarnessError('USAGE', `TLS server name "${s.servername}" must be a host name: SNI cannot carry an IP address (RFC 6066 §3)`);
  }
  if ((s.certFile === undefined) !== (s.keyFile === undefined)) {
    throw new HarnessError('USAGE', s.certFile ? `client certificate ${s.certFile} needs its private key (--key)` : `private key ${s.keyFile} needs its client certificate (--cert)`);
  }
  const contextOptions: tls.SecureContextOptions = {};
  // Given CAs replace the system's trusted roots, as curl's --cacert does (docs/engine.md).
  if (s.caFile !== undefined) contextOptions.ca = readCertificates(s.caFile, 'CA file').pem;
  if (s.certFile !== undefined && s.keyFile !== undefined) {
    const client = readCertificates(s.certFile, 'client certificate file');
    const key = readPrivateKey(s.keyFile);
    if (!(client.certificates[0] as X509Certificate).checkPrivateKey(key.key)) {
      throw new HarnessError('USAGE', `client certificate ${s.certFile} and private key ${s.keyFile} do not match (the key is not the certificate's)`);
    }
    contextOptions.cert = client.pem;
    contextOptions.key = key.pem;
  }
  let context: tls.SecureContext;
  try {
    context = tls.createSecureContext(contextOptions);
  } catch (err) {
    throw new HarnessError('USAGE', `TLS settings refused: ${(err as Error).message}`);
  }
  return new TlsConnector({
    context,
    servername: serverNameOf(url, spec),
    // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED in the environment cannot turn verification off.
    rejectUnauthorized: s.insecure !== true,
    alpnProtocols: options.alpnProtocols ?? ['http/1.1'],
  });
}

/** OpenSSL's and Node's TLS error codes (handshake alerts, certificate verification). */
const TLS_ERROR_CODE = /^(ERR_SSL_|ERR_TLS_|ERR_OSSL_)|CERT|CRL|SIGNATURE|ISSUER|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH|HOSTNAME_MISMATCH/;

/** The sockets of one pool (or one engine run): one secure context, the last session, counters. */
export class TlsConnector {
  readonly servername: string | undefined;
  private session: Buffer | undefined;
  private handshakes = 0;
  private resumed = 0;
  private readonly versions = new Set<string>();
  private readonly ciphers = new Set<string>();
  /** Sockets whose handshake (and verification) completed. */
  private readonly secured = new WeakSet<tls.TLSSocket>();

  constructor(private readonly options: { context: tls.SecureContext; servername: string | undefined; rejectUnauthorized: boolean; alpnProtocols: string[] }) {
    this.servername = options.servername;
  }

  /** Opens a TLS socket; it emits `secureConnect` when it can carry requests. */
  connect(open: SocketOpenOptions): tls.TLSSocket {
    const socket = tls.connect({
      host: open.host,
      port: open.port,
      secureContext: this.options.context,
      rejectUnauthorized: this.options.rejectUnauthorized,
      ALPNProtocols: this.options.alpnProtocols,
      ...(this.options.servername === undefined ? {} : { servername: this.options.servername }),
      ...(this.session === undefined ? {} : { session: this.session }),
      // Not in @types/node 20's ConnectionOptions, but tls.connect passes it to the TLSSocket.
      onread: open.onread,
    } as tls.ConnectionOptions);
    socket.setNoDelay(true);
    // TLS 1.3 tickets arrive after the handshake, possibly several: keep the latest.
    socket.on('session', (session: Buffer) => {
      this.session = session;
    });
    socket.once('secureConnect', () => {
      this.secured.add(socket);
      this.handshakes++;
      if (socket.isSessionReused()) this.resumed++;
      const version = socket.getProtocol();
      if (version) this.versions.add(version);
      const cipher = socket.getCipher();
      this.ciphers.add(cipher.standardName || cipher.name);
    });
    return socket;
  }

  /**
   * 'tls' for an error of the TLS layer (a failed handshake or verification, an alert such as
   * "certificate required", a reset before the handshake completed), or null for a transport
   * error the caller classifies itself.
   */
  errorKind(socket: tls.TLSSocket, err: NodeJS.ErrnoException): 'tls' | null {
    const code = err.code ?? '';
    const isTls = TLS_ERROR_CODE.test(code) || (code === 'ECONNRESET' && !this.secured.has(socket));
    return isTls ? 'tls' : null;
  }

  /** What was negotiated so far; null before the first completed handshake. */
  stats(): AgentTlsStats | null {
    if (this.handshakes === 0) return null;
    return { version: [...this.versions].join(', '), cipher: [...this.ciphers].join(', '), handshakes: this.handshakes, resumedSessions: this.resumed };
  }
}

/**
 * A TLS error in one line: OpenSSL's own errors carry a message like
 * `8018…:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:<file>:<line>:SSL alert number 116`,
 * whose `reason` field ("tlsv13 alert certificate required") is what a user needs; Node's own
 * errors (verification, host name) have plain messages. The code is appended.
 */
export function describeTlsError(err: NodeJS.ErrnoException & { reason?: unknown }): string {
  const text = /^[0-9A-F]+:error:/.test(err.message) && typeof err.reason === 'string' ? err.reason : err.message.trim();
  return err.code && !text.includes(err.code) ? `${text} (${err.code})` : text;
}

/** What to do about a TLS failure, by its code; null when there is nothing specific to say. */
export function tlsFailureHint(code: string): string | null {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    return 'the certificate is not for the name checked (the URL host, or --servername): use a name the certificate lists, or set --servername';
  }
  if (/CERTIFICATE_REQUIRED|ALERT_HANDSHAKE_FAILURE|ALERT_BAD_CERTIFICATE|ALERT_UNKNOWN_CA/.test(code)) {
    return 'the server refused the handshake; if it requires a client certificate, give one with --cert and --key (signed by a CA the server trusts)';
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') return 'the server does not speak TLS on this port: use http://';
  if (TLS_ERROR_CODE.test(code)) {
    return "the server's certificate is not trusted: give the CA that signed it with --cacert FILE, or skip verification on purpose with --insecure";
  }
  return null;
}

/** After the handshake, how long a probe waits for a rejection TLS 1.3 sends late (no client certificate). */
const PROBE_SETTLE_MS = 300;

/**
 * One handshake before any load, so a target that cannot be spoken to over TLS (an untrusted or
 * misnamed certificate, a client certificate the server requires, no TLS on the port) fails at
 * once with the reason, instead of as a window full of errors. In TLS 1.3 the server checks the
 * client's certificate after the client considers the handshake done (RFC 8446 §4.4.2.4), so the
 * probe also waits for the server's session ticket, or an alert, or PROBE_SETTLE_MS.
 */
export async function probeTls(url: URL, spec: TlsClientSpec | undefined, options: { host: string; port: number; timeoutMs: number; alpnProtocols?: string[] }): Promise<AgentTlsStats> {
  const connector = loadTlsClient(url, spec, options.alpnProtocols ? { alpnProtocols: options.alpnProtocols } : {});
  const target = `${options.host}:${options.port}`;
  return await new Promise<AgentTlsStats>((resolve, reject) => {
    let settled = false;
    let secured = false;
    const timers: NodeJS.Timeout[] = [];
    const socket = connector.connect({ host: options.host, port: options.port, onread: { buffer: Buffer.allocUnsafe(16 * 1024), callback: () => true } });
    const finish = (error: HarnessError | null) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      socket.destroy();
      if (error) reject(error);
      else resolve(connector.stats() as AgentTlsStats);
    };
    const fail = (reason: string, code: string) => {
      const hint = tlsFailureHint(code);
      finish(new HarnessError('COMMAND_FAILED', `TLS with ${target}${connector.servername ? ` (SNI ${connector.servername})` : ''} failed: ${reason}`, hint ? { hint } : {}));
    };
    timers.push(setTimeout(() => fail(`no handshake within ${options.timeoutMs} ms`, ''), options.timeoutMs));
    socket.on('secureConnect', () => {
      secured = true;
      timers.push(setTimeout(() => finish(null), PROBE_SETTLE_MS));
    });
    socket.on('session', () => {
      if (secured) finish(null);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') finish(new HarnessError('COMMAND_FAILED', `no server at ${target}: connection refused`, { hint: 'is the server running and reachable at that address?' }));
      else fail(describeTlsError(err), err.code ?? '');
    });
    socket.on('close', () => fail(secured ? 'the server closed the connection right after the handshake' : 'the server closed the connection during the handshake', ''));
  });
}
