import { describe, expect, it } from 'vitest';
import { parseIstioctlVersionJson, parseZtunnelWorkloads, runningIstioVersion } from '../../../src/mesh/istio/tool-output.ts';
import { toolVersionProbe } from '../../../src/tools/tool-releases.ts';
import { toolOutput } from '../../helpers/tool-output.ts';

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
