/**
 * Evidence that the local data path is what the target says: requests reach the whole service
 * chain, and for the sidecar pair, that the server proxy refuses plaintext and certificate-less
 * TLS (the local analogue of STRICT mTLS).
 */
import { get } from 'node:http';
import type { VerificationCheck } from '../../results/result-schema.ts';
import { CHAIN_DEPTH_HEADER } from '../../service/downstream-client.ts';
import { verifyMutualTls } from './mutual-tls-check.ts';
import { verifyAccessLogs, verifyConfiguredFeatures, verifyL7Denial, verifyUpstreamHttp2 } from './sidecar-feature-checks.ts';
import type { SidecarPair } from './sidecar-pair.ts';

/** GET a URL once: status and headers, or the error. */
function getOnce(url: string, timeoutMs: number): Promise<{ statusCode: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

async function checkRequestPath(targetUrl: string, chainDepth: number): Promise<VerificationCheck> {
  const evidence: string[] = [];
  try {
    const res = await getOnce(`${targetUrl}/orders/1`, 5_000);
    const depth = Number(res.headers[CHAIN_DEPTH_HEADER]);
    evidence.push(`GET ${targetUrl}/orders/1 → ${res.statusCode}, ${CHAIN_DEPTH_HEADER}: ${Number.isFinite(depth) ? depth : 'missing'}`);
    return { name: 'request-reaches-chain', passed: res.statusCode === 200 && depth === chainDepth, evidence };
  } catch (err) {
    evidence.push(`GET ${targetUrl}/orders/1 failed: ${(err as Error).message}`);
    return { name: 'request-reaches-chain', passed: false, evidence };
  }
}

export async function verifyLocalPath(options: { targetUrl: string; pair: SidecarPair | null; chainDepth: number }): Promise<VerificationCheck[]> {
  const checks = [await checkRequestPath(options.targetUrl, options.chainDepth)];
  if (options.pair) {
    const certs = options.pair.certificates;
    checks.push(
      await verifyMutualTls({
        serverPort: options.pair.serverPort,
        caPath: certs.caCertPath,
        // Control: the same request with the client certificate must get through.
        clientCertificate: { certPath: certs.clientCertPath, keyPath: certs.clientKeyPath },
      }),
    );
    checks.push(...(await verifySidecarFeatures(options.pair, options.targetUrl)));
  } else {
    checks.push({ name: 'no-proxy', passed: true, evidence: [`load goes straight to ${options.targetUrl}`] });
  }
  return checks;
}

/** One check per scenario feature the pair applies (after the request-path check sent a request). */
async function verifySidecarFeatures(pair: SidecarPair, targetUrl: string): Promise<VerificationCheck[]> {
  const { features, certificates } = pair;
  const checks: VerificationCheck[] = [];
  if (features.authz !== 'off') {
    const serverConfig = pair.configPaths['haproxy-server'];
    checks.push(await verifyConfiguredFeatures({ name: 'authz-configured', configPath: serverConfig, directives: ['tcp-request session reject unless', ...(features.authz === 'l7' ? ['http-request deny'] : [])] }));
    if (features.authz === 'l7') checks.push(await verifyL7Denial({ targetUrl }));
  }
  if (features.accessLog) checks.push(await verifyAccessLogs({ accessLogs: pair.accessLogs, needle: '/orders/1 HTTP/' }));
  if (features.upstreamHttp2) {
    checks.push(
      await verifyUpstreamHttp2({
        serverPort: pair.serverPort,
        caPath: certificates.caCertPath,
        certPath: certificates.clientCertPath,
        keyPath: certificates.clientKeyPath,
        serverAccessLog: pair.accessLogs['haproxy-server'],
      }),
    );
  }
  const clientConfig = pair.configPaths['haproxy-client'];
  if (features.retries) {
    const directives = ['retries ', 'retry-on ', ...(features.retries.perTryTimeoutMs === null ? [] : [`timeout server ${features.retries.perTryTimeoutMs}ms`])];
    checks.push(await verifyConfiguredFeatures({ name: 'retries-configured', configPath: clientConfig, directives }));
  }
  if (features.requestTimeoutMs !== null) {
    checks.push(await verifyConfiguredFeatures({ name: 'timeout-configured', configPath: clientConfig, directives: [`timeout server ${features.requestTimeoutMs}ms`] }));
  }
  return checks;
}
