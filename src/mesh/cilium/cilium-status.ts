/**
 * Parser of the agent's `cilium-dbg status` (`Key:   value` lines). The `Encryption:` line reads
 * e.g. `Wireguard   [NodeEncryption: Disabled, cilium_wg0 (Pubkey: …, Port: 51871, Peers: 2)]`;
 * a node has one WireGuard peer per other node (reference §4.3).
 */

export interface CiliumEncryptionStatus {
  /** `Wireguard`, `IPsec`, `Disabled`, or null when the line is missing. */
  mode: string | null;
  peers: number | null;
  line: string | null;
}

/** `Key: value` pairs of the status output (first occurrence wins). */
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
  const peers = /Peers:\s*(\d+)/.exec(line)?.[1];
  return { mode, peers: peers === undefined ? null : Number(peers), line };
}
