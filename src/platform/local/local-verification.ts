/**
 * Evidence that the local data path is what the target says: requests reach the whole service
 * chain, and for the sidecar pair, that the server proxy refuses plaintext and certificate-less
 * TLS (the local analogue of STRICT mTLS).
 */
import { request } from 'undici';
import type { VerificationCheck } from '../../results/result-schema.ts';
import { CHAIN_DEPTH_HEADER } from '../../workload/downstream-client.ts';
import { verifyMutualTls } from './mutual-tls-check.ts';
import type { SidecarPair } from './sidecar-pair.ts';

async function checkRequestPath(targetUrl: string, chainDepth: number): Promise<VerificationCheck> {
  const evidence: string[] = [];
  try {
    const res = await request(`${targetUrl}/orders/1`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
    await res.body.dump();
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
