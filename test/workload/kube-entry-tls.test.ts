import { describe, expect, it } from 'vitest';
import { AGENT_TLS_DIR, agentTlsSpec, entryTlsEnv, entryTlsSecrets, readsAgentTlsSecret, tlsSecretVolume } from '../../src/workload/kube-entry-tls.ts';

const files = {
  serverCertFile: Buffer.from('server cert'),
  serverKeyFile: Buffer.from('server key'),
  caFile: Buffer.from('ca'),
  certFile: Buffer.from('client cert'),
  keyFile: Buffer.from('client key'),
  clientCaFile: Buffer.from('client ca'),
};
const own = { serverCertFile: '/p/s.crt', serverKeyFile: '/p/s.key', caFile: '/p/ca.crt' };
const mutual = { ...own, requireClientCertificate: true, certFile: '/p/c.crt', keyFile: '/p/c.key', clientCaFile: '/p/cca.crt' };
const decoded = (o: { data?: unknown }) => Object.fromEntries(Object.entries(o.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));

describe('kube entry TLS', () => {
  it('two Secrets with the scenario files under the kubernetes.io/tls key names, labelled with the run', () => {
    const [entry, agent] = entryTlsSecrets({ tls: mutual, files, namespace: 'ns', runId: 'r1' });
    expect(entry).toMatchObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'meshbench-entry-tls', namespace: 'ns', labels: { 'meshbench.io/run': 'r1' } }, type: 'Opaque' });
    expect(decoded(entry as { data?: unknown })).toEqual({ 'tls.crt': 'server cert', 'tls.key': 'server key', 'client-ca.crt': 'client ca' });
    expect(agent?.metadata.name).toBe('meshbench-agent-tls');
    expect(decoded(agent as { data?: unknown })).toEqual({ 'ca.crt': 'ca', 'tls.crt': 'client cert', 'tls.key': 'client key' });
  });

  it('no client CA without requireClientCertificate; no agent Secret when the agents read nothing (insecure)', () => {
    const [entry, agent] = entryTlsSecrets({ tls: own, files, namespace: 'ns', runId: 'r1' });
    expect(Object.keys(decoded(entry as { data?: unknown }))).toEqual(['tls.crt', 'tls.key']);
    expect(Object.keys(decoded(agent as { data?: unknown }))).toEqual(['ca.crt']);
    expect(entryTlsSecrets({ tls: { serverCertFile: '/s', serverKeyFile: '/k', insecure: true }, files, namespace: 'ns', runId: 'r1' }).map((o) => o.metadata.name)).toEqual(['meshbench-entry-tls']);
  });

  it('the entry environment and the agents\' spec point into the mounted Secrets', () => {
    expect(entryTlsEnv(mutual).map((e) => `${e.name}=${e.value}`)).toEqual([
      'TLS_CERT_FILE=/etc/meshbench/entry-tls/tls.crt',
      'TLS_KEY_FILE=/etc/meshbench/entry-tls/tls.key',
      'TLS_CLIENT_CA_FILE=/etc/meshbench/entry-tls/client-ca.crt',
    ]);
    expect(agentTlsSpec({ ...own, servername: 'a.test' })).toEqual({ servername: 'a.test', caFile: `${AGENT_TLS_DIR}/ca.crt` });
    expect(agentTlsSpec({ ...own, insecure: true, caFile: undefined })).toEqual({ insecure: true });
    expect(readsAgentTlsSecret(agentTlsSpec(mutual))).toBe(true);
    expect(readsAgentTlsSecret({ insecure: true })).toBe(false);
    expect(readsAgentTlsSecret({ caFile: '/etc/ssl/other.pem' })).toBe(false);
    expect(tlsSecretVolume({ secret: 's', dir: '/d' })).toEqual({ volume: { name: 's', secret: { secretName: 's', defaultMode: 0o444 } }, volumeMount: { name: 's', mountPath: '/d', readOnly: true } });
  });
});
