/**
 * Picks the /16 a netns run takes its addresses from (pure): the first candidate no host route
 * overlaps (`ip -4 route show table all`). The run's addresses live only inside its own
 * namespaces, so a clash could not misroute host traffic; the check keeps the run's addresses
 * from ever looking like host networks in evidence, captures or a user's head.
 */

/** Candidates, in order: private ranges unlikely to be used by a host. */
export const RANGE_CANDIDATES = ['10.213', '10.214', '10.215', '10.216', '172.29'];

function toInt(address: string): number | null {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return (((parts[0] as number) << 24) | ((parts[1] as number) << 16) | ((parts[2] as number) << 8) | (parts[3] as number)) >>> 0;
}

/** `a.b.c.d/n` (or a host address) → [first, last] as unsigned ints; null when unparsable. */
export function cidrRange(cidr: string): [number, number] | null {
  const [address = '', bitsText] = cidr.split('/');
  const base = toInt(address);
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (base === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return null;
  const size = 2 ** (32 - bits);
  const first = Math.floor(base / size) * size;
  return [first, first + size - 1];
}

/** Destination prefixes of `ip -4 route show table all` lines (default routes excluded). */
export function routedPrefixes(ipRouteOutput: string): string[] {
  const types = new Set(['unicast', 'local', 'broadcast', 'multicast', 'anycast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat']);
  const prefixes: string[] = [];
  for (const line of ipRouteOutput.split('\n')) {
    const words = line.trim().split(/\s+/);
    const dest = types.has(words[0] ?? '') ? words[1] : words[0];
    if (!dest || dest === 'default') continue;
    if (cidrRange(dest)) prefixes.push(dest);
  }
  return prefixes;
}

/** The first candidate /16 that no routed prefix overlaps, with the overlaps that ruled the others out. */
export function pickFreeRange(ipRouteOutput: string, candidates: readonly string[] = RANGE_CANDIDATES): { range: string | null; clashes: string[] } {
  const routed = routedPrefixes(ipRouteOutput).map((p) => ({ p, r: cidrRange(p) as [number, number] }));
  const clashes: string[] = [];
  for (const candidate of candidates) {
    const [first, last] = cidrRange(`${candidate}.0.0/16`) as [number, number];
    const hit = routed.find(({ r }) => r[0] <= last && first <= r[1]);
    if (!hit) return { range: candidate, clashes };
    clashes.push(`${candidate}.0.0/16 overlaps the host route ${hit.p}`);
  }
  return { range: null, clashes };
}
