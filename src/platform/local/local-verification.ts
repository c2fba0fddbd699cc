/**
 * Evidence that the local data path is what the target says: requests reach the whole service
 * chain, and for the sidecar pair, that the server proxy refuses plaintext and certificate-less
 * TLS (the local analogue of STRICT mTLS).
 */
import { get } from 'node:http';
import type { VerificationCheck } from '../../results/result-schema.ts';
import { CHAIN_DEPTH_HEADER } from '../../service/downstream-client.ts';
import { verifyMutualTls } from './mutual-tls-check.ts';
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
  } else {
    checks.push({ name: 'no-proxy', passed: true, evidence: [`load goes straight to ${options.targetUrl}`] });
  }
  return checks;
}
