/**
 * Parser of `istioctl version -o json` (istio/istio pkg/version/cobra.go `Version`, indented
 * JSON): `clientVersion` (BuildInfo: `version`, `revision`, `golang_version`, `status`, `tag`),
 * `meshVersion[]` (ServerInfo: `Component` = the istiod pod's `istio` label, i.e. `pilot`,
 * `Revision`, `Info`) and `dataPlaneVersion[]` (ProxyInfo: `ID`, `IstioVersion`, `Type`). When
 * istiod cannot be reached, istioctl writes the reason to stderr and prints only the client
 * version; text before the JSON (stderr merged in) is skipped.
 */
import { z } from 'zod';

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
