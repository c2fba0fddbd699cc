/**
 * `load.tls` on Kubernetes (pure): the entry service serves TLS from a Secret of the scenario's
 * own certificate and key, and the load agents read the CA (and their client certificate) from a
 * second Secret; both are made from the scenario's files when the plan is built
 * (docs/kubernetes.md, HTTPS entry). The services behind the entry stay cleartext; in a mesh the
 * proxies carry the agents' TLS as opaque bytes (docs/mesh-protocols.md).
 */
import type { LoadTlsSpec } from '../config/load-tls-schema.ts';
import type { TlsClientSpec } from '../plan/agent-protocol.ts';
import type { KubeObject } from '../plan/plan-types.ts';
import { runLabels } from './kube-labels.ts';

/** Secret of the entry's certificate, key and (mutual TLS) client CA. */
export const ENTRY_TLS_SECRET = 'meshbench-entry-tls';
/** Secret of the agents' CA and (mutual TLS) client certificate and key. */
export const AGENT_TLS_SECRET = 'meshbench-agent-tls';
/** Where the Secrets are mounted. */
export const ENTRY_TLS_DIR = '/etc/meshbench/entry-tls';
export const AGENT_TLS_DIR = '/etc/meshbench/agent-tls';

/** The scenario files' contents, by load.tls field (read by the caller, which owns the file system). */
export type LoadTlsFileContents = Partial<Record<'serverCertFile' | 'serverKeyFile' | 'caFile' | 'certFile' | 'keyFile' | 'clientCaFile', Buffer>>;

/** Keys of the Secrets: the kubernetes.io/tls names for a certificate and key. */
const ENTRY_KEYS = { serverCertFile: 'tls.crt', serverKeyFile: 'tls.key', clientCaFile: 'client-ca.crt' } as const;
const AGENT_KEYS = { caFile: 'ca.crt', certFile: 'tls.crt', keyFile: 'tls.key' } as const;

function mutual(tls: LoadTlsSpec): boolean {
  return tls.requireClientCertificate === true;
}

function secret(name: string, namespace: string, runId: string, data: Record<string, Buffer>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels: runLabels(runId) },
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.toString('base64')])),
  };
}

/** The two Secrets of a run with load.tls (the agents' one only when they have a file to read). */
export function entryTlsSecrets(options: { tls: LoadTlsSpec; files: LoadTlsFileContents; namespace: string; runId: string }): KubeObject[] {
  const { tls, files } = options;
  const pick = (keys: Record<string, string>, wanted: (field: string) => boolean) =>
    Object.fromEntries(Object.entries(keys).filter(([field]) => wanted(field) && files[field as keyof LoadTlsFileContents] !== undefined).map(([field, key]) => [key, files[field as keyof LoadTlsFileContents] as Buffer]));
  const entry = pick(ENTRY_KEYS, (f) => f !== 'clientCaFile' || mutual(tls));
  const agent = pick(AGENT_KEYS, (f) => (f === 'caFile' ? tls.insecure !== true : mutual(tls)));
  return [
    secret(ENTRY_TLS_SECRET, options.namespace, options.runId, entry),
    ...(Object.keys(agent).length > 0 ? [secret(AGENT_TLS_SECRET, options.namespace, options.runId, agent)] : []),
  ];
}

/** The entry's TLS environment (order-service TLS_CERT_FILE, TLS_KEY_FILE, TLS_CLIENT_CA_FILE). */
export function entryTlsEnv(tls: LoadTlsSpec): { name: string; value: string }[] {
  return [
    { name: 'TLS_CERT_FILE', value: `${ENTRY_TLS_DIR}/${ENTRY_KEYS.serverCertFile}` },
    { name: 'TLS_KEY_FILE', value: `${ENTRY_TLS_DIR}/${ENTRY_KEYS.serverKeyFile}` },
    ...(mutual(tls) ? [{ name: 'TLS_CLIENT_CA_FILE', value: `${ENTRY_TLS_DIR}/${ENTRY_KEYS.clientCaFile}` }] : []),
  ];
}

/** The agents' TLS settings, with the paths where their Secret is mounted in the Job's pod. */
export function agentTlsSpec(tls: LoadTlsSpec): TlsClientSpec {
  return {
    ...(tls.servername === undefined ? {} : { servername: tls.servername }),
    ...(tls.insecure ? { insecure: true } : { caFile: `${AGENT_TLS_DIR}/${AGENT_KEYS.caFile}` }),
    ...(mutual(tls) ? { certFile: `${AGENT_TLS_DIR}/${AGENT_KEYS.certFile}`, keyFile: `${AGENT_TLS_DIR}/${AGENT_KEYS.keyFile}` } : {}),
  };
}

/** True when an agent spec reads files from the agents' TLS Secret (its Job then mounts it). */
export function readsAgentTlsSecret(spec: TlsClientSpec | undefined): boolean {
  return [spec?.caFile, spec?.certFile, spec?.keyFile].some((f) => f?.startsWith(`${AGENT_TLS_DIR}/`));
}

/** Volume and mount of a TLS Secret (read-only; readable by the pod's non-root user). */
export function tlsSecretVolume(options: { secret: string; dir: string }): { volume: unknown; volumeMount: unknown } {
  return {
    volume: { name: options.secret, secret: { secretName: options.secret, defaultMode: 0o444 } },
    volumeMount: { name: options.secret, mountPath: options.dir, readOnly: true },
  };
}
