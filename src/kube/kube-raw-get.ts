/**
 * GET of a raw API path with the kubeconfig's credentials (client certificates, bearer token, exec
 * plugins), for paths the generated client mangles: `connectGetNodeProxyWithPath` percent-encodes
 * the `/` of `stats/summary` (`…/proxy/stats%2Fsummary`), which the apiserver's proxy does not treat
 * as the kubelet path (docs/mesh-install.md "Resource counters on Kubernetes"). Here the path is sent as written.
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** An HTTP answer: status and body text. */
export interface RawResponse {
  status: number;
  body: string;
}

/** Options of {@link rawGet}. */
export interface RawGetOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** GETs `path` (absolute API path, may carry a query) from the current cluster's server. */
export async function rawGet(kc: KubeConfig, path: string, options: RawGetOptions): Promise<RawResponse> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const base = new URL(cluster.server);
  const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
  const requestOptions: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
  await kc.applyToHTTPSOptions(requestOptions);
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  requestOptions.signal = AbortSignal.any(signals);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<RawResponse>((resolve, reject) => {
    const req = transport.request(url, requestOptions, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
