import { describe, expect, it } from 'vitest';
import { parseCiliumEncryption, parseCiliumStatusFields, parseCiliumVersion } from '../../../src/mesh/cilium/tool-output.ts';
import { toolVersionProbe } from '../../../src/tools/tool-releases.ts';
import { toolOutput } from '../../helpers/tool-output.ts';

/** Go text/tabwriter with minwidth 0, padding `pad`, space fill: every cell but a row's last is padded to its column's width. */
function tabwrite(rows: string[][], pad: number): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (i < r.length - 1 ? (r[i] ?? '').length : 0))) + pad) ?? [];
  return `${rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] ?? 0) : c)).join('')).join('\n')}\n`;
}

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
