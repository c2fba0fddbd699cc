/**
 * Evidence that the local data path is what the target says: requests reach the whole service
 * chain, and for the sidecar pair, that the server proxy refuses plaintext and certificate-less
 * TLS (the local analogue of STRICT mTLS).
 */
import { readFile } from 'node:fs/promises';
import { get, type RequestOptions } from 'node:http';
import { get as httpsGet } from 'node:https';
import { HarnessError } from '../../errors.ts';
import { probeTls } from '../../load/tls-connect.ts';
import { socketAddressOf } from '../../load/target-address.ts';
import type { TlsClientSpec } from '../../plan/agent-protocol.ts';
import type { VerificationCheck } from '../../results/result-schema.ts';
import { CHAIN_DEPTH_HEADER, SERVICE_COUNT_HEADER } from '../../service/downstream-client.ts';
import { type ServiceGraphSpec, servicesPerRequest } from '../../workload/service-chain.ts';
import { verifyMutualTls } from './mutual-tls-check.ts';
import { verifyAccessLogs, verifyConfiguredFeatures, verifyL7Denial, verifyUpstreamHttp2 } from './sidecar-feature-checks.ts';
import type { SidecarPair } from './sidecar-pair.ts';

/** The node:https options of the agents' TLS settings (files read here, as the agents read them). */
async function httpsOptions(tls: TlsClientSpec): Promise<RequestOptions & { servername?: string; ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean }> {
  return {
    rejectUnauthorized: tls.insecure !== true,
    ...(tls.servername === undefined ? {} : { servername: tls.servername }),
    ...(tls.caFile === undefined ? {} : { ca: await readFile(tls.caFile, 'utf8') }),
    ...(tls.certFile === undefined || tls.keyFile === undefined ? {} : { cert: await readFile(tls.certFile, 'utf8'), key: await readFile(tls.keyFile, 'utf8') }),
  };
}

/** GET a URL once (https:// with the agents' TLS settings): status and headers, or the error. */
async function getOnce(url: string, timeoutMs: number, tls?: TlsClientSpec): Promise<{ statusCode: number; headers: Record<string, string | string[] | undefined> }> {
  const secure = url.startsWith('https:') ? await httpsOptions(tls ?? {}) : null;
  return await new Promise((resolve, reject) => {
    const req = (secure ? httpsGet : get)(url, { timeout: timeoutMs, agent: false, ...(secure ?? {}) }, (res) => {
      res.resume();
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/**
 * One request must reach every service: the chain's depth in x-chain-depth, and (a fan-out) every
 * branch counted in x-service-count.
 */
async function checkRequestPath(targetUrl: string, workload: ServiceGraphSpec, tls: TlsClientSpec | undefined): Promise<VerificationCheck> {
  const evidence: string[] = [];
  const chainDepth = workload.fanOut !== undefined ? 2 : workload.chainDepth;
  const serviceCount = servicesPerRequest(workload);
  try {
    const res = await getOnce(`${targetUrl}/orders/1`, 5_000, tls);
    const depth = Number(res.headers[CHAIN_DEPTH_HEADER]);
    const count = Number(res.headers[SERVICE_COUNT_HEADER]);
    evidence.push(
      `GET ${targetUrl}/orders/1 → ${res.statusCode}, ${CHAIN_DEPTH_HEADER}: ${Number.isFinite(depth) ? depth : 'missing'} (expected ${chainDepth}), ${SERVICE_COUNT_HEADER}: ${Number.isFinite(count) ? count : 'missing'} (expected ${serviceCount})`,
    );
    return { name: 'request-reaches-chain', passed: res.statusCode === 200 && depth === chainDepth && count === serviceCount, evidence };
  } catch (err) {
    evidence.push(`GET ${targetUrl}/orders/1 failed: ${(err as Error).message}`);
    return { name: 'request-reaches-chain', passed: false, evidence };
  }
}

export async function verifyLocalPath(options: {
  targetUrl: string;
  /** https:// entry (scenario load.tls): the agents' TLS settings, checked by a handshake first. */
  tls?: TlsClientSpec | undefined;
  pair: SidecarPair | null;
  workload: ServiceGraphSpec;
  idleServices?: number | undefined;
}): Promise<VerificationCheck[]> {
  const checks: VerificationCheck[] = [];
  if (options.targetUrl.startsWith('https:')) checks.push(await verifyEntryTls(options.targetUrl, options.tls));
  checks.push(await checkRequestPath(options.targetUrl, options.workload, options.tls));
  if (options.pair && (options.idleServices ?? 0) > 0) checks.push(await verifyIdleBackends(options.pair, options.idleServices ?? 0));
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

/**
 * The idle services as the sidecars hold them: each config has exactly `pair.idleServices`
 * idle backends (none when configScope left them out), and haproxy accepted it (`haproxy -c`
 * ran before start).
 */
async function verifyIdleBackends(pair: SidecarPair, asked: number): Promise<VerificationCheck> {
  const evidence: string[] = [];
  let passed = true;
  for (const [component, path] of Object.entries(pair.configPaths)) {
    const text = await readFile(path, 'utf8');
    const backends = text.match(/^backend idle-svc-\d+$/gm)?.length ?? 0;
    passed &&= backends === pair.idleServices;
    evidence.push(`${component}: ${backends} idle-service backends in ${path} (expected ${pair.idleServices} of ${asked} idle services)`);
  }
  return { name: 'idle-services-configured', passed, evidence };
}

/**
 * The entry speaks TLS as the scenario asks: one handshake with the agents' settings (the probe the
 * agents' engine uses, so a client certificate the entry requires is checked too), its version and
 * cipher as evidence.
 */
async function verifyEntryTls(targetUrl: string, tls: TlsClientSpec | undefined): Promise<VerificationCheck> {
  const url = new URL(targetUrl);
  try {
    const negotiated = await probeTls(url, tls, { ...socketAddressOf(url), timeoutMs: 5_000 });
    const sni = tls?.servername ?? 'none';
    return {
      name: 'entry-tls',
      passed: true,
      evidence: [`TLS handshake with ${url.host} (SNI ${sni}${tls?.certFile ? ', client certificate presented' : ''}${tls?.insecure ? ', certificate NOT verified: insecure' : ', certificate verified'}): ${negotiated.version} ${negotiated.cipher}`],
    };
  } catch (err) {
    // The agents' own files are wrong (a key that is not the certificate's, a bad PEM): bad input, exit 2.
    if (err instanceof HarnessError && err.code === 'USAGE') throw err;
    return { name: 'entry-tls', passed: false, evidence: [`TLS handshake with ${url.host} failed: ${(err as Error).message}`] };
  }
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
