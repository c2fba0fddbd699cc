/** Parsers of istioctl output (pure): `istioctl version`, `istioctl ztunnel-config workloads`. */
import * as z from 'zod';

/**
 * Parser of `istioctl version -o json` (istio/istio pkg/version/cobra.go `Version`, indented
 * JSON): `clientVersion` (BuildInfo: `version`, `revision`, `golang_version`, `status`, `tag`),
 * `meshVersion[]` (ServerInfo: `Component` = the istiod pod's `istio` label, i.e. `pilot`,
 * `Revision`, `Info`) and `dataPlaneVersion[]` (ProxyInfo: `ID`, `IstioVersion`, `Type`). When
 * istiod cannot be reached, istioctl writes the reason to stderr and prints only the client
 * version; text before the JSON (stderr merged in) is skipped.
 */

const BuildInfoSchema = z.object({ version: z.string() }).passthrough();

const IstioctlVersionSchema = z.object({
  clientVersion: BuildInfoSchema.optional(),
  meshVersion: z.array(z.object({ Component: z.string(), Info: BuildInfoSchema }).passthrough()).optional(),
  dataPlaneVersion: z.array(z.object({ ID: z.string().optional(), IstioVersion: z.string() }).passthrough()).optional(),
});

export interface IstioVersions {
  client: string | null;
  /** Control-plane component → version, e.g. `istiod` → `1.28.3`. */
  controlPlane: { component: string; version: string }[];
  /** Proxy version → number of proxies. */
  dataPlane: Record<string, number>;
}

/** Parses the JSON form; null when the output has no JSON object. */
export function parseIstioctlVersionJson(output: string): IstioVersions | null {
  const start = output.indexOf('{');
  const end = output.lastIndexOf('}');
  if (start < 0 || end < start) return null;
  let json: unknown;
  try {
    json = JSON.parse(output.slice(start, end + 1));
  } catch {
    return null;
  }
  const parsed = IstioctlVersionSchema.safeParse(json);
  if (!parsed.success) return null;
  const dataPlane: Record<string, number> = {};
  for (const proxy of parsed.data.dataPlaneVersion ?? []) dataPlane[proxy.IstioVersion] = (dataPlane[proxy.IstioVersion] ?? 0) + 1;
  return {
    client: parsed.data.clientVersion?.version ?? null,
    controlPlane: (parsed.data.meshVersion ?? []).map((m) => ({ component: m.Component, version: m.Info.version })),
    dataPlane,
  };
}

/** The running control-plane version (distinct versions joined by `,`), or null. */
export function runningIstioVersion(versions: IstioVersions): string | null {
  const distinct = [...new Set(versions.controlPlane.map((c) => c.version))];
  return distinct.length > 0 ? distinct.join(',') : null;
}

/**
 * Parser of `istioctl ztunnel-config workloads` (istio/istio
 * istioctl/pkg/writer/ztunnel/configdump/workload.go, PrintWorkloadSummary): a tabwriter table
 * (minwidth 0, padding 1, spaces) headed `NAMESPACE POD NAME ADDRESS NODE WAYPOINT PROTOCOL`
 * (`IP` instead of `ADDRESS` in 1.22–1.24). ADDRESS is the workload IPs joined by `,` or its
 * hostname; WAYPOINT is the waypoint's name or `None`; PROTOCOL is `HBONE` for workloads
 * ztunnel reaches over mTLS, `TCP` for un-captured ones (docs/mesh-install.md "Istio", verification).
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
