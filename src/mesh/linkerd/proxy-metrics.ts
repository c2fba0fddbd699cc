/**
 * Parser of `linkerd diagnostics proxy-metrics` (the proxy's Prometheus text): the workload
 * identity certificate the proxy holds (`identity_cert_expiration_timestamp_seconds`) and its
 * inbound requests by TLS status (`request_total{direction="inbound",tls="true"}` for mTLS,
 * `tls="no_identity"` for plaintext), plus policy denials (`inbound_http_authz_deny_total`).
 */

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition lines (comments and blank lines skipped). */
export function parsePrometheusText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match?.[1] || match[4] === undefined) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      if (label[1] !== undefined && label[2] !== undefined) labels[label[1]] = label[2];
    }
    const value = Number(match[4]);
    if (Number.isFinite(value)) samples.push({ name: match[1], labels, value });
  }
  return samples;
}

export interface ProxyTlsSummary {
  /** Expiry of the proxy's workload certificate, epoch seconds; null when it has none. */
  identityCertExpirySeconds: number | null;
  inboundMtlsRequests: number;
  inboundPlaintextRequests: number;
  inboundAuthzDenied: number;
  /** Distinct client identities seen on inbound mTLS requests. */
  clientIdentities: string[];
}

/** Summarises one proxy's metrics (pure). */
export function summariseProxyTls(text: string): ProxyTlsSummary {
  const samples = parsePrometheusText(text);
  const expiry = samples.filter((s) => s.name === 'identity_cert_expiration_timestamp_seconds').map((s) => s.value);
  const inbound = samples.filter((s) => s.name === 'request_total' && s.labels['direction'] === 'inbound');
  const sum = (list: PromSample[]) => list.reduce((total, s) => total + s.value, 0);
  const mtls = inbound.filter((s) => s.labels['tls'] === 'true');
  return {
    identityCertExpirySeconds: expiry.length > 0 ? Math.max(...expiry) : null,
    inboundMtlsRequests: sum(mtls),
    inboundPlaintextRequests: sum(inbound.filter((s) => s.labels['tls'] !== 'true')),
    inboundAuthzDenied: sum(samples.filter((s) => s.name === 'inbound_http_authz_deny_total')),
    clientIdentities: [...new Set(mtls.map((s) => s.labels['client_id']).filter((id): id is string => Boolean(id)))].sort(),
  };
}
