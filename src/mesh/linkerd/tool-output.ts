/** Parsers of the linkerd CLI output (pure): `linkerd version`, `linkerd check`, `linkerd diagnostics proxy-metrics`. */

/**
 * Parser of `linkerd diagnostics proxy-metrics` (linkerd/linkerd2 cli/cmd/metrics.go): per pod a
 * `#\n# POD <name> (i of n)\n#` banner, then the proxy's Prometheus text, or `# ERROR[:] <err>`
 * when the scrape failed (the command still exits 0). Read from it: the expiry of the proxy's
 * workload certificate, `identity_cert_expiration_timestamp_seconds` (linkerd2-proxy
 * linkerd/proxy/identity-client-metrics/src/lib.rs) or, on newer proxies that register it in the
 * control registry, `control_identity_cert_expiration_timestamp_seconds` (a float: `1786463078.0`);
 * inbound `request_total` by the TLS labels of linkerd2-proxy's `TlsAccept` (`tls="true"` with
 * `client_id` is mTLS; `tls="no_identity"` or `"disabled"` is plaintext; `"opaque"` is TLS passed
 * through); and `inbound_http_authz_deny_total`.
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

/** Both names the proxy has used for its workload certificate's expiry. */
const CERT_EXPIRY_METRICS = new Set(['identity_cert_expiration_timestamp_seconds', 'control_identity_cert_expiration_timestamp_seconds']);
const PLAINTEXT_TLS = new Set(['no_identity', 'disabled']);

export interface ProxyTlsSummary {
  /** Expiry of the proxy's workload certificate, epoch seconds; null when it has none. */
  identityCertExpirySeconds: number | null;
  inboundMtlsRequests: number;
  inboundPlaintextRequests: number;
  inboundAuthzDenied: number;
  /** Distinct client identities seen on inbound mTLS requests. */
  clientIdentities: string[];
  /** `# ERROR` lines the CLI printed instead of a pod's metrics. */
  scrapeErrors: string[];
}

/** Summarises one proxy's metrics (pure). */
export function summariseProxyTls(text: string): ProxyTlsSummary {
  const samples = parsePrometheusText(text);
  const expiry = samples.filter((s) => CERT_EXPIRY_METRICS.has(s.name)).map((s) => s.value);
  const inbound = samples.filter((s) => s.name === 'request_total' && s.labels['direction'] === 'inbound');
  const sum = (list: PromSample[]) => list.reduce((total, s) => total + s.value, 0);
  const mtls = inbound.filter((s) => s.labels['tls'] === 'true');
  return {
    identityCertExpirySeconds: expiry.length > 0 ? Math.max(...expiry) : null,
    inboundMtlsRequests: sum(mtls),
    inboundPlaintextRequests: sum(inbound.filter((s) => PLAINTEXT_TLS.has(s.labels['tls'] ?? ''))),
    inboundAuthzDenied: sum(samples.filter((s) => s.name === 'inbound_http_authz_deny_total')),
    clientIdentities: [...new Set(mtls.map((s) => s.labels['client_id']).filter((id): id is string => Boolean(id)))].sort(),
    scrapeErrors: [...text.matchAll(/^# ERROR:?\s*(.*)$/gm)].map((m) => (m[1] ?? '').trim()),
  };
}

/**
 * Parser of `linkerd version` (linkerd/linkerd2 cli/cmd/version.go): `Client version: <v>` and
 * `Server version: <v>`, the latter `unavailable` when the control plane cannot be read (`--short`
 * prints the bare values; `--proxy` adds `Proxy versions:` and tab-indented `<v> (<n> pods)`
 * lines, which the harness does not need).
 */

export interface LinkerdVersions {
  client: string | null;
  server: string | null;
}

/** Parses both lines; a missing or `unavailable` value is null. */
export function parseLinkerdVersion(output: string): LinkerdVersions {
  const value = (label: string): string | null => {
    const match = new RegExp(`^${label} version:\\s*(\\S+)`, 'm').exec(output);
    return match?.[1] && match[1] !== 'unavailable' ? match[1] : null;
  };
  return { client: value('Client'), server: value('Server') };
}

/**
 * Parser of `linkerd check` table output (linkerd/linkerd2 pkg/healthcheck/healthcheck_output.go):
 * a `<category>` line underlined with dashes, then one `<status> <description>` line per check —
 * `√` (U+221A) passed, `‼` (U+203C) warning, `×` (U+00D7) failed — where warnings and failures
 * add 4-space-indented detail and `see <hint URL> for hints` lines; the run closes with
 * `Status check results are √|×` (printed once per check run, so extensions may add more). The
 * marks are coloured through fatih/color only on a terminal; escape codes are stripped anyway.
 */

export interface LinkerdCheckLine {
  status: 'ok' | 'warning' | 'failed';
  text: string;
}

const MARKS: Record<string, LinkerdCheckLine['status']> = { '√': 'ok', '‼': 'warning', '×': 'failed' };

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC of SGR sequences is the point
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Result lines of the output, in order. */
export function parseLinkerdCheck(output: string): LinkerdCheckLine[] {
  const lines: LinkerdCheckLine[] = [];
  for (const raw of stripAnsi(output).split('\n')) {
    const line = raw.trim();
    const status = MARKS[line.charAt(0)];
    if (status) lines.push({ status, text: line.slice(1).trim() });
  }
  return lines;
}

/** True when no check failed and every closing `Status check results are …` line says √. */
export function linkerdCheckPassed(output: string): boolean {
  const plain = stripAnsi(output);
  const lines = parseLinkerdCheck(plain);
  const verdicts = [...plain.matchAll(/^Status check results are (\S+)/gm)].map((m) => m[1]);
  return lines.length > 0 && !lines.some((l) => l.status === 'failed') && verdicts.length > 0 && verdicts.every((v) => v === '√');
}
