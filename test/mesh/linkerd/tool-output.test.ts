import { describe, expect, it } from 'vitest';
import { linkerdCheckPassed, parseLinkerdCheck, parseLinkerdVersion, parsePrometheusText, summariseProxyTls } from '../../../src/mesh/linkerd/tool-output.ts';
import { toolVersionProbe } from '../../../src/tools/tool-releases.ts';
import { toolOutput } from '../../helpers/tool-output.ts';

describe('linkerd output', () => {
  it('reads client and server versions', () => {
    expect(parseLinkerdVersion(toolOutput('linkerd', 'edge-26.6.3', 'version.txt'))).toEqual({ client: 'edge-26.6.3', server: 'edge-26.6.3' });
    expect(parseLinkerdVersion('Client version: edge-26.6.3\nServer version: unavailable\n')).toEqual({ client: 'edge-26.6.3', server: null });
    expect(parseLinkerdVersion('Client version: edge-26.6.3\nServer version: edge-26.6.2\nProxy versions:\n\tedge-26.6.2 (9 pods)\n')).toEqual({
      client: 'edge-26.6.3',
      server: 'edge-26.6.2',
    });
    expect(toolVersionProbe('linkerd').parse(toolOutput('linkerd', 'edge-26.6.3', 'version-client-short.txt'))).toBe('edge-26.6.3');
  });

  it('judges linkerd check output: warnings pass, a failed check fails', () => {
    const proxy = toolOutput('linkerd', 'edge-26.6.3', 'check-proxy.txt');
    expect(linkerdCheckPassed(proxy)).toBe(true);
    expect(parseLinkerdCheck(proxy).filter((l) => l.status === 'warning').map((l) => l.text)).toEqual([
      'can determine the latest version',
      'cli is up-to-date',
    ]);
    expect(parseLinkerdCheck(proxy).map((l) => l.text)).toContain('data plane proxies certificate match CA');
    const failed = toolOutput('linkerd', 'edge-26.6.3', 'check-proxy-no-proxies.txt');
    expect(linkerdCheckPassed(failed)).toBe(false);
    expect(parseLinkerdCheck(failed).find((l) => l.status === 'failed')?.text).toBe('data plane proxies are ready');
    expect(linkerdCheckPassed(toolOutput('linkerd', 'edge-26.6.3', 'check-pre.txt'))).toBe(true);
  });

  it('reads fatih/color marks and judges every closing result line', () => {
    const colour = (code: number, mark: string) => `\x1b[${code};1m${mark}\x1b[0m`;
    const coloured = `kubernetes-api\n--------------\n${colour(32, '√')} can initialize the client\n${colour(33, '‼')} cli is up-to-date\n    unsupported version channel: edge-26.6.3\n\nStatus check results are ${colour(32, '√')}\n`;
    expect(parseLinkerdCheck(coloured)).toEqual([
      { status: 'ok', text: 'can initialize the client' },
      { status: 'warning', text: 'cli is up-to-date' },
    ]);
    expect(linkerdCheckPassed(coloured)).toBe(true);
    expect(linkerdCheckPassed(`${coloured}\nlinkerd-viz\n-----------\n√ viz extension self-check\n\nStatus check results are ×\n`)).toBe(false);
    expect(linkerdCheckPassed('√ can initialize the client\n')).toBe(false);
  });

  it('summarises a proxy: identity certificate and inbound requests by TLS', () => {
    const text = toolOutput('linkerd', 'edge-26.6.3', 'proxy-metrics.txt');
    expect(parsePrometheusText(text).find((s) => s.name === 'process_cpu_seconds_total')?.value).toBe(3.21);
    expect(summariseProxyTls(text)).toEqual({
      identityCertExpirySeconds: 1788350400,
      inboundMtlsRequests: 4821,
      inboundPlaintextRequests: 152,
      inboundAuthzDenied: 1,
      clientIdentities: ['gateway.bench-run1.serviceaccount.identity.linkerd.cluster.local'],
      scrapeErrors: [],
    });
    expect(summariseProxyTls('')).toMatchObject({ identityCertExpirySeconds: null, inboundMtlsRequests: 0, scrapeErrors: [] });
  });

  it('reads the legacy certificate metric, TLS label values, and the CLI error banner', () => {
    const legacy = [
      '# HELP identity_cert_expiration_timestamp_seconds Time when the this proxy\'s current mTLS identity certificate will expire (in seconds since the UNIX epoch).',
      '# TYPE identity_cert_expiration_timestamp_seconds gauge',
      'identity_cert_expiration_timestamp_seconds 1788350400',
      'request_total{direction="inbound",target_addr="10.244.1.8:8080",tls="disabled"} 3',
      'request_total{direction="inbound",target_addr="10.244.1.8:8443",tls="opaque",sni="db.example.com"} 5',
      'request_total{direction="inbound",target_addr="10.244.1.8:8080",tls="true",client_id=""} 7',
    ].join('\n');
    expect(summariseProxyTls(legacy)).toMatchObject({ identityCertExpirySeconds: 1788350400, inboundMtlsRequests: 7, inboundPlaintextRequests: 3, clientIdentities: [] });
    const failed = '#\n# POD order-5f7b9c6d8d-kz4wl (1 of 1)\n#\n# ERROR: pod not running: order-5f7b9c6d8d-kz4wl\n';
    expect(summariseProxyTls(failed)).toMatchObject({ identityCertExpirySeconds: null, scrapeErrors: ['pod not running: order-5f7b9c6d8d-kz4wl'] });
    expect(summariseProxyTls('# ERROR Get "http://localhost:4191/metrics": EOF\n').scrapeErrors).toEqual(['Get "http://localhost:4191/metrics": EOF']);
  });
});
