/** Parsers of the cilium CLI and cilium-dbg output (pure): `cilium version`, `cilium-dbg status`. */

/**
 * Parser of the agent's `cilium-dbg status` (cilium/cilium cilium-dbg/cmd/status.go through
 * pkg/client FormatStatusResponse: a tabwriter of `Key:\tvalue` lines). The encryption line is
 * `Encryption:\t<Disabled|IPsec|Wireguard>\t<detail>`; for WireGuard the detail is
 * `[NodeEncryption: Disabled, cilium_wg0 (Pubkey: …, Port: 51871, Peers: 2)]` (releases before
 * NodeEncryption print `[cilium_wg0 (Pubkey: …, Port: 51871, Peers: 2)]`). A node has one
 * WireGuard peer per other node (docs/mesh-install.md "Cilium").
 */

export interface CiliumEncryptionStatus {
  /** `Wireguard`, `IPsec`, `Disabled`, or null when the line is missing. */
  mode: string | null;
  /** Peers over all WireGuard interfaces; null when none is listed. */
  peers: number | null;
  line: string | null;
}

/** `Key: value` pairs of the status output (first occurrence wins; indented detail lines are skipped). */
export function parseCiliumStatusFields(output: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const match = /^([A-Za-z][\w /-]*?):\s+(.*)$/.exec(line.trimEnd());
    if (match?.[1] && match[2] !== undefined && fields[match[1]] === undefined) fields[match[1]] = match[2].trim();
  }
  return fields;
}

/** The Encryption line, parsed. */
export function parseCiliumEncryption(output: string): CiliumEncryptionStatus {
  const line = parseCiliumStatusFields(output)['Encryption'] ?? null;
  if (line === null) return { mode: null, peers: null, line: null };
  const mode = /^(\S+)/.exec(line)?.[1] ?? null;
  const peers = [...line.matchAll(/Peers:\s*(\d+)/g)].map((m) => Number(m[1]));
  return { mode, peers: peers.length > 0 ? peers.reduce((a, b) => a + b, 0) : null, line };
}

/**
 * Parser of `cilium version` (cilium/cilium cilium-cli/cli/version.go): `cilium-cli: v0.18.7
 * compiled with …`, `cilium image (default|stable): …`, then (without `--client`) `cilium image
 * (running): <v>` — the Helm release's version, e.g. `1.18.1` (older CLIs print the image tag
 * `v1.18.1`) — or `unknown. Unable to obtain cilium version. Reason: …` when none runs.
 */

export interface CiliumVersions {
  cli: string | null;
  running: string | null;
}

/** Parses the CLI and running versions (a leading `v` is dropped from the running one). */
export function parseCiliumVersion(output: string): CiliumVersions {
  const cli = /^cilium-cli:\s*(v\S+)/m.exec(output)?.[1] ?? null;
  const running = /^cilium image \(running\):\s*(\S+)/m.exec(output)?.[1] ?? null;
  const clean = running && /^v?\d+\.\d+\.\d+/.test(running) ? running.replace(/^v/, '') : null;
  return { cli, running: clean };
}
