/**
 * Parser of `istioctl ztunnel-config workloads` (istio/istio
 * istioctl/pkg/writer/ztunnel/configdump/workload.go, PrintWorkloadSummary): a tabwriter table
 * (minwidth 0, padding 1, spaces) headed `NAMESPACE POD NAME ADDRESS NODE WAYPOINT PROTOCOL`
 * (`IP` instead of `ADDRESS` in 1.22–1.24). ADDRESS is the workload IPs joined by `,` or its
 * hostname; WAYPOINT is the waypoint's name or `None`; PROTOCOL is `HBONE` for workloads
 * ztunnel reaches over mTLS, `TCP` for un-captured ones (reference §2.8).
 */

export interface ZtunnelWorkload {
  namespace: string;
  pod: string;
  address: string;
  node: string;
  waypoint: string;
  protocol: string;
}

const COLUMNS = ['NAMESPACE', 'POD NAME', 'NODE', 'WAYPOINT', 'PROTOCOL'] as const;

function columnStarts(header: string): number[] | null {
  const namespace = header.indexOf('NAMESPACE');
  const pod = header.indexOf('POD NAME');
  const addressMatch = /\b(ADDRESS|IP)\b/.exec(header);
  const node = header.indexOf('NODE');
  const waypoint = header.indexOf('WAYPOINT');
  const protocol = header.indexOf('PROTOCOL');
  const starts = [namespace, pod, addressMatch?.index ?? -1, node, waypoint, protocol];
  if (starts.some((s) => s < 0)) return null;
  const sorted = [...starts].sort((a, b) => a - b);
  return starts.every((s, i) => s === sorted[i]) ? starts : null;
}

/** Parses the table; rows that do not fit the header are skipped. */
export function parseZtunnelWorkloads(output: string): ZtunnelWorkload[] {
  const lines = output.split('\n');
  const headerIndex = lines.findIndex((l) => COLUMNS.every((c) => l.includes(c)));
  if (headerIndex < 0) return [];
  const starts = columnStarts(lines[headerIndex] ?? '');
  if (!starts) return [];
  const rows: ZtunnelWorkload[] = [];
  for (const line of lines.slice(headerIndex + 1)) {
    if (line.trim() === '') continue;
    const cells = starts.map((start, i) => line.slice(start, starts[i + 1] ?? line.length).trim());
    const [namespace, pod, address, node, waypoint, protocol] = cells;
    if (!namespace || !pod || !protocol) continue;
    rows.push({ namespace, pod, address: address ?? '', node: node ?? '', waypoint: waypoint ?? '', protocol });
  }
  return rows;
}
