/**
 * Where a target URL's sockets connect: WHATWG URL keeps an IPv6 literal's brackets in
 * `hostname` (`http://[::1]:8080/` → `[::1]`), which the resolver does not accept (ENOTFOUND).
 */
export function socketAddressOf(url: URL): { host: string; port: number } {
  const host = url.hostname.startsWith('[') && url.hostname.endsWith(']') ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
}
