import { describe, expect, it } from 'vitest';
import { parseCiliumEncryption, parseCiliumStatusFields } from '../../src/mesh/cilium/cilium-status.ts';
import { parseCiliumVersion } from '../../src/mesh/cilium/cilium-version.ts';
import { parseIstioctlVersionJson, runningIstioVersion } from '../../src/mesh/istio/istioctl-version.ts';
import { parseZtunnelWorkloads } from '../../src/mesh/istio/ztunnel-workloads.ts';
import { linkerdCheckPassed, parseLinkerdCheck } from '../../src/mesh/linkerd/linkerd-check-output.ts';
import { parseLinkerdVersion } from '../../src/mesh/linkerd/linkerd-version.ts';
import { parsePrometheusText, summariseProxyTls } from '../../src/mesh/linkerd/proxy-metrics.ts';
import { toolVersionProbe } from '../../src/tools/tool-releases.ts';
import { toolOutput } from '../helpers/tool-output.ts';

describe('istioctl output', () => {
  it('reads the running control-plane version and proxy versions from version -o json', () => {
    const versions = parseIstioctlVersionJson(toolOutput('istioctl', '1.28.3', 'version-json.txt'));
    expect(versions).toEqual({ client: '1.28.3', controlPlane: [{ component: 'istiod', version: '1.28.3' }], dataPlane: { '1.28.3': 3 } });
    expect(versions && runningIstioVersion(versions)).toBe('1.28.3');
  });

  it('skips the notice before the JSON and reports no control plane', () => {
    const versions = parseIstioctlVersionJson(toolOutput('istioctl', '1.28.3', 'version-json-no-pods.txt'));
    expect(versions?.client).toBe('1.28.3');
    expect(versions && runningIstioVersion(versions)).toBeNull();
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

  it('reads the client version for the tools PATH check', () => {
    expect(toolVersionProbe('istioctl').parse(toolOutput('istioctl', '1.28.3', 'version-remote-false.txt'))).toBe('1.28.3');
  });
});

describe('linkerd output', () => {
  it('reads client and server versions', () => {
    expect(parseLinkerdVersion(toolOutput('linkerd', 'edge-26.6.3', 'version.txt'))).toEqual({ client: 'edge-26.6.3', server: 'edge-26.6.3' });
    expect(parseLinkerdVersion('Client version: edge-26.6.3\nServer version: unavailable\n')).toEqual({ client: 'edge-26.6.3', server: null });
    expect(toolVersionProbe('linkerd').parse(toolOutput('linkerd', 'edge-26.6.3', 'version-client-short.txt'))).toBe('edge-26.6.3');
  });

  it('judges linkerd check output: warnings pass, a failed check fails', () => {
    const proxy = toolOutput('linkerd', 'edge-26.6.3', 'check-proxy.txt');
    expect(linkerdCheckPassed(proxy)).toBe(true);
    expect(parseLinkerdCheck(proxy).filter((l) => l.status === 'warning').map((l) => l.text)).toEqual([
      'can determine the latest version',
      'cli is up-to-date',
      'control plane is up-to-date',
    ]);
    const failed = toolOutput('linkerd', 'edge-26.6.3', 'check-proxy-no-proxies.txt');
    expect(linkerdCheckPassed(failed)).toBe(false);
    expect(parseLinkerdCheck(failed).find((l) => l.status === 'failed')?.text).toBe('data plane proxies are ready');
    expect(linkerdCheckPassed(toolOutput('linkerd', 'edge-26.6.3', 'check-pre.txt'))).toBe(true);
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
    });
    expect(summariseProxyTls('')).toMatchObject({ identityCertExpirySeconds: null, inboundMtlsRequests: 0 });
  });
});

describe('cilium output', () => {
  it('reads the running and CLI versions', () => {
    expect(parseCiliumVersion(toolOutput('cilium', 'v0.18.7', 'version.txt'))).toEqual({ cli: 'v0.18.7', running: '1.18.1' });
    expect(parseCiliumVersion(toolOutput('cilium', 'v0.18.7', 'version-no-cluster.txt'))).toEqual({ cli: 'v0.18.7', running: null });
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
});

describe('helm output', () => {
  it('reads the short version', () => {
    expect(toolVersionProbe('helm').parse(toolOutput('helm', 'v3.18.4', 'version-short.txt'))).toBe('v3.18.4');
  });
});
