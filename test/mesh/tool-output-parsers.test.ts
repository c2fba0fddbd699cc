import { describe, expect, it } from 'vitest';
import { parseCiliumEncryption, parseCiliumStatusFields, parseCiliumVersion } from '../../src/mesh/cilium/tool-output.ts';
import { parseIstioctlVersionJson, runningIstioVersion, parseZtunnelWorkloads } from '../../src/mesh/istio/tool-output.ts';
import { linkerdCheckPassed, parseLinkerdCheck, parseLinkerdVersion, parsePrometheusText, summariseProxyTls } from '../../src/mesh/linkerd/tool-output.ts';
import { toolVersionProbe } from '../../src/tools/tool-releases.ts';
import { toolOutput } from '../helpers/tool-output.ts';

/** Go text/tabwriter with minwidth 0, padding `pad`, space fill: every cell but a row's last is padded to its column's width. */
function tabwrite(rows: string[][], pad: number): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (i < r.length - 1 ? (r[i] ?? '').length : 0))) + pad) ?? [];
  return `${rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] ?? 0) : c)).join('')).join('\n')}\n`;
}

describe('istioctl output', () => {
  it('reads the running control-plane version and proxy versions from version -o json', () => {
    const versions = parseIstioctlVersionJson(toolOutput('istioctl', '1.28.3', 'version-json.txt'));
    expect(versions).toEqual({ client: '1.28.3', controlPlane: [{ component: 'pilot', version: '1.28.3' }], dataPlane: { '1.28.3': 3 } });
    expect(versions && runningIstioVersion(versions)).toBe('1.28.3');
  });

  it('reports no control plane when istiod is unreachable, also with its stderr reason merged in front', () => {
    const stdout = toolOutput('istioctl', '1.28.3', 'version-json-no-pods.txt');
    const versions = parseIstioctlVersionJson(stdout);
    expect(versions?.client).toBe('1.28.3');
    expect(versions && runningIstioVersion(versions)).toBeNull();
    const merged = parseIstioctlVersionJson(`no running Istio pods in namespace "istio-system"\n${stdout}`);
    expect(merged).toEqual({ client: '1.28.3', controlPlane: [], dataPlane: {} });
    expect(parseIstioctlVersionJson('Error: no Istio')).toBeNull();
  });

  it('parses the ztunnel workload table by its columns', () => {
    const rows = parseZtunnelWorkloads(toolOutput('istioctl', '1.28.3', 'ztunnel-config-workloads.txt'));
    expect(rows).toHaveLength(11);
    expect(rows[2]).toEqual({
      namespace: 'bench-run1',
      pod: 'order-5f7b9c6d8d-kz4wl',
      address: '10.244.1.8',
      node: 'meshbench-run1-worker',
      waypoint: 'waypoint',
      protocol: 'HBONE',
    });
    expect(rows.find((r) => r.pod.startsWith('istiod'))).toMatchObject({ node: 'meshbench-run1-control-plane', waypoint: 'None', protocol: 'TCP' });
  });

  it('accepts the ≤1.24 IP header and ignores output without a table', () => {
    const old = 'NAMESPACE  POD NAME     IP          NODE    WAYPOINT PROTOCOL\ndefault    curl-1       10.244.1.5  worker  None     HBONE\n';
    expect(parseZtunnelWorkloads(old)).toEqual([{ namespace: 'default', pod: 'curl-1', address: '10.244.1.5', node: 'worker', waypoint: 'None', protocol: 'HBONE' }]);
    expect(parseZtunnelWorkloads('Error: failed to connect')).toEqual([]);
  });

  it('keeps dual-stack and hostname addresses whole (the ADDRESS column widens to fit them)', () => {
    const table = tabwrite(
      [
        ['NAMESPACE', 'POD NAME', 'ADDRESS', 'NODE', 'WAYPOINT', 'PROTOCOL'],
        ['bench-run1', 'order-5f7b9c6d8d-kz4wl', '10.244.1.8,fd00:10:244:1::8', 'meshbench-run1-worker', 'waypoint', 'HBONE'],
        ['bench-run1', 'external-db', 'db.example.com', '', 'None', 'TCP'],
      ],
      1,
    );
    expect(parseZtunnelWorkloads(table)).toEqual([
      { namespace: 'bench-run1', pod: 'order-5f7b9c6d8d-kz4wl', address: '10.244.1.8,fd00:10:244:1::8', node: 'meshbench-run1-worker', waypoint: 'waypoint', protocol: 'HBONE' },
      { namespace: 'bench-run1', pod: 'external-db', address: 'db.example.com', node: '', waypoint: 'None', protocol: 'TCP' },
    ]);
  });

  it('reads the client version for the tools PATH check', () => {
    expect(toolVersionProbe('istioctl').parse(toolOutput('istioctl', '1.28.3', 'version-remote-false.txt'))).toBe('1.28.3');
  });
});

describe('linkerd output', () => {
  it('reads client and server versions', () => {
    expect(parseLinkerdVersion(toolOutput('linkerd', 'edge-26.6.3', 'version.txt'))).toEqual({ client: 'edge-26.6.3', server: 'edge-26.6.3' });
    expect(parseLinkerdVersion('Client version: edge-26.6.3\nServer version: unavailable\n')).toEqual({ client: 'edge-26.6.3', server: null });
    expect(parseLinkerdVersion('Client version: edge-26.6.3\nServer version: edge-26.6.2\nProxy versions:\n\tedge-26.6.2 (9 pods)\n')).toEqual({
      client: 'edge-26.6.3',
      server: 'edge-26.6.2',
    });
    expect(toolVersionProbe('linkerd').parse(toolOutput('linkerd', 'edge-26.6.3', 'version-client-short.txt'))).toBe('edge-26.6.3');
  });

  it('judges linkerd check output: warnings pass, a failed check fails', () => {
    const proxy = toolOutput('linkerd', 'edge-26.6.3', 'check-proxy.txt');
    expect(linkerdCheckPassed(proxy)).toBe(true);
    expect(parseLinkerdCheck(proxy).filter((l) => l.status === 'warning').map((l) => l.text)).toEqual([
      'can determine the latest version',
      'cli is up-to-date',
    ]);
    expect(parseLinkerdCheck(proxy).map((l) => l.text)).toContain('data plane proxies certificate match CA');
    const failed = toolOutput('linkerd', 'edge-26.6.3', 'check-proxy-no-proxies.txt');
    expect(linkerdCheckPassed(failed)).toBe(false);
    expect(parseLinkerdCheck(failed).find((l) => l.status === 'failed')?.text).toBe('data plane proxies are ready');
    expect(linkerdCheckPassed(toolOutput('linkerd', 'edge-26.6.3', 'check-pre.txt'))).toBe(true);
  });

  it('reads fatih/color marks and judges every closing result line', () => {
    const colour = (code: number, mark: string) => `\x1b[${code};1m${mark}\x1b[0m`;
    const coloured = `kubernetes-api\n--------------\n${colour(32, '√')} can initialize the client\n${colour(33, '‼')} cli is up-to-date\n    unsupported version channel: edge-26.6.3\n\nStatus check results are ${colour(32, '√')}\n`;
    expect(parseLinkerdCheck(coloured)).toEqual([
      { status: 'ok', text: 'can initialize the client' },
      { status: 'warning', text: 'cli is up-to-date' },
    ]);
    expect(linkerdCheckPassed(coloured)).toBe(true);
    expect(linkerdCheckPassed(`${coloured}\nlinkerd-viz\n-----------\n√ viz extension self-check\n\nStatus check results are ×\n`)).toBe(false);
    expect(linkerdCheckPassed('√ can initialize the client\n')).toBe(false);
  });

  it('summarises a proxy: identity certificate and inbound requests by TLS', () => {
    const text = toolOutput('linkerd', 'edge-26.6.3', 'proxy-metrics.txt');
    expect(parsePrometheusText(text).find((s) => s.name === 'process_cpu_seconds_total')?.value).toBe(3.21);
    expect(summariseProxyTls(text)).toEqual({
      identityCertExpirySeconds: 1788350400,
      inboundMtlsRequests: 4821,
      inboundPlaintextRequests: 152,
      inboundAuthzDenied: 1,
      clientIdentities: ['gateway.bench-run1.serviceaccount.identity.linkerd.cluster.local'],
      scrapeErrors: [],
    });
    expect(summariseProxyTls('')).toMatchObject({ identityCertExpirySeconds: null, inboundMtlsRequests: 0, scrapeErrors: [] });
  });

  it('reads the legacy certificate metric, TLS label values, and the CLI error banner', () => {
    const legacy = [
      '# HELP identity_cert_expiration_timestamp_seconds Time when the this proxy\'s current mTLS identity certificate will expire (in seconds since the UNIX epoch).',
      '# TYPE identity_cert_expiration_timestamp_seconds gauge',
      'identity_cert_expiration_timestamp_seconds 1788350400',
      'request_total{direction="inbound",target_addr="10.244.1.8:8080",tls="disabled"} 3',
      'request_total{direction="inbound",target_addr="10.244.1.8:8443",tls="opaque",sni="db.example.com"} 5',
      'request_total{direction="inbound",target_addr="10.244.1.8:8080",tls="true",client_id=""} 7',
    ].join('\n');
    expect(summariseProxyTls(legacy)).toMatchObject({ identityCertExpirySeconds: 1788350400, inboundMtlsRequests: 7, inboundPlaintextRequests: 3, clientIdentities: [] });
    const failed = '#\n# POD order-5f7b9c6d8d-kz4wl (1 of 1)\n#\n# ERROR: pod not running: order-5f7b9c6d8d-kz4wl\n';
    expect(summariseProxyTls(failed)).toMatchObject({ identityCertExpirySeconds: null, scrapeErrors: ['pod not running: order-5f7b9c6d8d-kz4wl'] });
    expect(summariseProxyTls('# ERROR Get "http://localhost:4191/metrics": EOF\n').scrapeErrors).toEqual(['Get "http://localhost:4191/metrics": EOF']);
  });
});

describe('cilium output', () => {
  it('reads the running and CLI versions', () => {
    expect(parseCiliumVersion(toolOutput('cilium', 'v0.18.7', 'version.txt'))).toEqual({ cli: 'v0.18.7', running: '1.18.1' });
    expect(parseCiliumVersion(toolOutput('cilium', 'v0.18.7', 'version-no-cluster.txt'))).toEqual({ cli: 'v0.18.7', running: null });
    expect(parseCiliumVersion('cilium-cli: v0.13.2 compiled with go1.20.2 on linux/amd64\ncilium image (running): v1.13.1\n')).toEqual({ cli: 'v0.13.2', running: '1.13.1' });
    expect(toolVersionProbe('cilium').parse(toolOutput('cilium', 'v0.18.7', 'version-client.txt'))).toBe('v0.18.7');
  });

  it('reads the agent status: WireGuard with a peer per other node, kube-proxy replacement', () => {
    const status = toolOutput('cilium-dbg', '1.18.1', 'status.txt');
    expect(parseCiliumEncryption(status)).toEqual({
      mode: 'Wireguard',
      peers: 2,
      line: 'Wireguard       [NodeEncryption: Disabled, cilium_wg0 (Pubkey: 8vQm3Zk1XcR0yQ2mYh5s9oJd4l2wN7tG6pB1eF0aK3U=, Port: 51871, Peers: 2)]',
    });
    expect(parseCiliumStatusFields(status)['KubeProxyReplacement']).toMatch(/^True/);
    expect(parseCiliumEncryption(toolOutput('cilium-dbg', '1.18.1', 'status-no-encryption.txt'))).toMatchObject({ mode: 'Disabled', peers: null });
  });

  it('reads the Encryption line of releases without NodeEncryption, and IPsec', () => {
    const status = (rows: string[][]) => tabwrite(rows, 3);
    const older = status([
      ['Cilium:', 'Ok   1.14.7 (v1.14.7-a5d1ce2e)'],
      ['Encryption:', 'Wireguard', '[cilium_wg0 (Pubkey: 8vQm3Zk1XcR0yQ2mYh5s9oJd4l2wN7tG6pB1eF0aK3U=, Port: 51871, Peers: 3)]'],
    ]);
    expect(parseCiliumEncryption(older)).toMatchObject({ mode: 'Wireguard', peers: 3 });
    expect(parseCiliumEncryption(status([['Encryption:', 'IPsec', '']]))).toEqual({ mode: 'IPsec', peers: null, line: 'IPsec' });
    expect(parseCiliumEncryption(status([['Cilium:', 'Ok']]))).toEqual({ mode: null, peers: null, line: null });
  });
});

describe('helm output', () => {
  it('reads the short version', () => {
    expect(toolVersionProbe('helm').parse(toolOutput('helm', 'v3.18.4', 'version-short.txt'))).toBe('v3.18.4');
  });
});
