/**
 * Evidence that the server sidecar enforces mutual TLS: a TLS client WITHOUT a client
 * certificate and a plaintext HTTP client must both be refused. "Refused" needs positive
 * evidence: the TCP connection was accepted and then the handshake failed or the connection was
 * closed without an HTTP response. Nothing listening, a timeout or any HTTP response fails the
 * check. Optionally, a client WITH the certificate must get an HTTP response (a control that the
 * port is the sidecar and it works).
 */
import { readFile } from 'node:fs/promises';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import type { VerificationCheck } from '../../results/result-schema.ts';
import { SERVER_CERT_HOST } from './tls-certificates.ts';

/** Options of {@link verifyMutualTls}. */
export interface MutualTlsCheckOptions {
  /** The server sidecar's mutual-TLS port on 127.0.0.1. */
  serverPort: number;
  /** CA that signed the server certificate (the TLS probe verifies the server as a client would). */
  caPath: string;
  /** When given, a client with this certificate must get an HTTP response. */
  clientCertificate?: { certPath: string; keyPath: string } | undefined;
  /** Per probe; default 3 s. */
  timeoutMs?: number | undefined;
}

/** How one probe connection ended. */
interface ProbeOutcome {
  /** The TCP connection was accepted. */
  connected: boolean;
  /** First line of an HTTP response, when one came. */
  httpStatusLine: string | undefined;
  /** Error code or message when the connection failed. */
  error: string | undefined;
  timedOut: boolean;
  bytesReceived: number;
}

const CHECK_NAME = 'mtls-enforced';
const REQUEST = `GET / HTTP/1.1\r\nHost: ${SERVER_CERT_HOST}\r\nConnection: close\r\n\r\n`;

/** Sends one HTTP request once `socket` is ready (`readyEvent`) and reports how it ended. */
function probe(socket: Socket | TLSSocket, readyEvent: 'connect' | 'secureConnect', timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const outcome: ProbeOutcome = { connected: false, httpStatusLine: undefined, error: undefined, timedOut: false, bytesReceived: 0 };
    let received = Buffer.alloc(0);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = received.toString('latin1');
      if (text.startsWith('HTTP/')) outcome.httpStatusLine = text.split('\r\n', 1)[0];
      outcome.bytesReceived = received.length;
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      outcome.timedOut = true;
      finish();
    }, timeoutMs);
    socket.once('connect', () => {
      outcome.connected = true;
    });
    socket.once(readyEvent, () => socket.write(REQUEST));
    socket.on('data', (chunk: Buffer) => {
      if (received.length < 4096) received = Buffer.concat([received, chunk]);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      outcome.error = err.code ?? err.message;
    });
    socket.once('close', finish);
  });
}

/** True when the probe is positive evidence of a refusal. */
function wasRefused(outcome: ProbeOutcome): boolean {
  return outcome.connected && !outcome.timedOut && outcome.httpStatusLine === undefined;
}

function describeOutcome(what: string, outcome: ProbeOutcome): string {
  if (!outcome.connected) return `${what}: could not connect (${outcome.error ?? 'no error'}): nothing listening?`;
  if (outcome.httpStatusLine !== undefined) return `${what}: answered "${outcome.httpStatusLine}"`;
  if (outcome.timedOut) return `${what}: no answer and no close within the timeout (inconclusive)`;
  const why = outcome.error ? `failed with ${outcome.error}` : 'closed by the server';
  return `${what}: refused: connection ${why}, no HTTP response (${outcome.bytesReceived} bytes received)`;
}

/** Probes the server sidecar and returns the check with its evidence for the result file. */
export async function verifyMutualTls(options: MutualTlsCheckOptions): Promise<VerificationCheck> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const host = '127.0.0.1';
  const port = options.serverPort;
  const ca = await readFile(options.caPath);
  const tlsBase = { host, port, ca, servername: SERVER_CERT_HOST };

  const withoutCert = await probe(connectTls(tlsBase), 'secureConnect', timeoutMs);
  const plaintext = await probe(connectTcp({ host, port }), 'connect', timeoutMs);
  const evidence = [
    describeOutcome(`TLS without a client certificate to ${host}:${port}`, withoutCert),
    describeOutcome(`plaintext HTTP to ${host}:${port}`, plaintext),
  ];
  let passed = wasRefused(withoutCert) && wasRefused(plaintext);
  if (options.clientCertificate) {
    const [cert, key] = await Promise.all([
      readFile(options.clientCertificate.certPath),
      readFile(options.clientCertificate.keyPath),
    ]);
    const withCert = await probe(connectTls({ ...tlsBase, cert, key }), 'secureConnect', timeoutMs);
    evidence.push(describeOutcome(`TLS with the client certificate to ${host}:${port} (control)`, withCert));
    passed &&= withCert.httpStatusLine !== undefined;
  }
  return { name: CHECK_NAME, passed, evidence };
}
