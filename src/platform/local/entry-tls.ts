/**
 * `load.tls` on the local platform: the entry service itself serves TLS (no proxy in front, so
 * the handshake and record costs land on the entry's process, where /proc meters them), and the
 * agents speak https:// to it (docs/local-platform.md, HTTPS entry).
 *
 * Certificates come from the scenario (`serverCertFile`/`serverKeyFile`, `caFile`, and for mutual
 * TLS `certFile`/`keyFile`/`clientCaFile`), or, when it names none, from a throwaway CA of the run
 * (tls-certificates.ts): the entry's certificate for `localhost`, 127.0.0.1 and the scenario's
 * servername, and with `requireClientCertificate` a client certificate for the agents.
 */
import { join } from 'node:path';
import { type LoadTlsSpec, usesOwnCertificates } from '../../config/load-tls-schema.ts';
import type { CommandRunner } from '../../exec/command-runner.ts';
import type { TlsClientSpec } from '../../plan/agent-protocol.ts';
import { orderServiceEnv } from '../../service/order-service-config.ts';
import { certificateFilesIn, generateTlsCertificates, SERVER_CERT_HOST, type TlsCertificateFiles } from './tls-certificates.ts';

/** The entry's TLS files (order-service config) and the agents' TLS settings. */
export interface EntryTls {
  service: { tlsCertFile: string; tlsKeyFile: string; tlsClientCaFile?: string | undefined };
  agent: TlsClientSpec;
  /** `run-ca`: issued by the run; `scenario`: the scenario's own files. */
  source: 'run-ca' | 'scenario';
}

/** The entry's and agents' settings from the scenario's own files (paths already absolute). */
export function entryTlsFromScenario(tls: LoadTlsSpec): EntryTls {
  const mutual = tls.requireClientCertificate === true;
  return {
    service: { tlsCertFile: tls.serverCertFile as string, tlsKeyFile: tls.serverKeyFile as string, ...(mutual ? { tlsClientCaFile: tls.clientCaFile } : {}) },
    agent: {
      ...(tls.servername === undefined ? {} : { servername: tls.servername }),
      ...(tls.insecure ? { insecure: true } : { caFile: tls.caFile }),
      ...(mutual ? { certFile: tls.certFile, keyFile: tls.keyFile } : {}),
    },
    source: 'scenario',
  };
}

/**
 * The settings with the run's own CA: the agents trust it and send the scenario's servername
 * (default `localhost`, which the certificate lists, so SNI is exercised even on 127.0.0.1).
 */
export function entryTlsFromRunCa(tls: LoadTlsSpec, files: TlsCertificateFiles): EntryTls {
  const mutual = tls.requireClientCertificate === true;
  return {
    service: { tlsCertFile: files.serverCertPath, tlsKeyFile: files.serverKeyPath, ...(mutual ? { tlsClientCaFile: files.caCertPath } : {}) },
    agent: {
      servername: tls.servername ?? SERVER_CERT_HOST,
      ...(tls.insecure ? { insecure: true } : { caFile: files.caCertPath }),
      ...(mutual ? { certFile: files.clientCertPath, keyFile: files.clientKeyPath } : {}),
    },
    source: 'run-ca',
  };
}

/** One line for the plan: where the entry's certificate comes from and what the agents check. */
export function describeEntryTls(tls: LoadTlsSpec): string {
  const own = usesOwnCertificates(tls);
  const cert = own ? `serves ${tls.serverCertFile}` : `serves a certificate the run's CA issues for ${[SERVER_CERT_HOST, ...(tls.servername && tls.servername !== SERVER_CERT_HOST ? [tls.servername] : []), '127.0.0.1'].join(', ')}`;
  const sni = tls.servername ?? (own ? null : SERVER_CERT_HOST);
  const verify = tls.insecure ? 'agents do NOT verify it (insecure)' : `agents verify it against ${own ? tls.caFile : "the run's CA"}${sni ? ` with SNI ${sni}` : ' (no SNI: an IP address)'}`;
  const mutual = tls.requireClientCertificate ? `; client certificate required (${own ? `agents present ${tls.certFile}` : "agents present one the run's CA issues"})` : '';
  return `entry over TLS: ${cert}; ${verify}${mutual}`;
}

/** The entry's TLS environment as the plan shows it (the run's CA files in `runCaDir`). */
export function entryTlsEnv(tls: LoadTlsSpec, runCaDir: string): Record<string, string> {
  const { service } = usesOwnCertificates(tls) ? entryTlsFromScenario(tls) : entryTlsFromRunCa(tls, certificateFilesIn(runCaDir));
  return orderServiceEnv(service);
}

/** Issues the run's certificates when the scenario names none; returns the entry's and agents' settings. */
export async function prepareEntryTls(options: { tls: LoadTlsSpec; workDir: string; runner: CommandRunner; signal?: AbortSignal | undefined }): Promise<EntryTls> {
  if (usesOwnCertificates(options.tls)) return entryTlsFromScenario(options.tls);
  const files = await generateTlsCertificates({
    dir: join(options.workDir, 'entry-tls'),
    runner: options.runner,
    signal: options.signal,
    extraServerNames: options.tls.servername === undefined ? [] : [options.tls.servername],
  });
  return entryTlsFromRunCa(options.tls, files);
}
