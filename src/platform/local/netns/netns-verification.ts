/**
 * Evidence that a netns run's data path is what the target says, gathered from inside the
 * namespaces (netns-probe-script.ts):
 *   request-reaches-chain  a GET from the agent pod to http://<entry pod>:8080 crosses the chain;
 *   capture-rules-present  (sidecar, node-proxy) every rule applied is read back with
 *                          `iptables-save -t nat` in its namespace;
 *   plaintext-refused      (sidecar, node-proxy) a plaintext request from the outsider pod (outside
 *                          the mesh) to the entry pod's address and to the proxy's mTLS port is
 *                          accepted by TCP and closed without an HTTP response — the same positive
 *                          evidence mutual-tls-check.ts asks of proxy-mtls;
 *   no-capture             (baseline) no REDIRECT rule anywhere, and the outsider's plaintext
 *                          request is answered by the app itself.
 */
import { join } from 'node:path';
import type { CommandRunner } from '../../../exec/command-runner.ts';
import type { VerificationCheck } from '../../../results/result-schema.ts';
import { CHAIN_DEPTH_HEADER } from '../../../service/downstream-client.ts';
import { captureRules, INBOUND_PORT, missingRules, savedRuleLine, TUNNEL_PORT } from './capture-rules.ts';
import { type NetnsTopology, podByName, POD_SERVICE_PORT, topologyNamespaces } from './namespace-topology.ts';
import { type HttpProbeOutcome, NETNS_PROBE_FILE, type PlaintextProbeOutcome } from './netns-probe-script.ts';

export interface NetnsVerificationOptions {
  topology: NetnsTopology;
  /** Entry service name (the agent's destination). */
  entry: string;
  chainDepth: number;
  /** Where netns-probe.mjs was written. */
  workDir: string;
  runner: CommandRunner;
  signal?: AbortSignal | undefined;
}

async function probe<T>(options: NetnsVerificationOptions, netns: string, spec: Record<string, unknown>): Promise<T> {
  const r = await options.runner.run('ip', ['netns', 'exec', netns, process.execPath, join(options.workDir, NETNS_PROBE_FILE), JSON.stringify(spec)], {
    signal: options.signal,
    timeoutMs: 15_000,
  });
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as T;
}

function describePlaintext(what: string, o: PlaintextProbeOutcome): string {
  if (!o.connected) return `${what}: could not connect (${o.error ?? 'no error'})`;
  if (o.httpStatusLine !== null) return `${what}: answered "${o.httpStatusLine}"`;
  if (o.timedOut) return `${what}: no answer and no close within the timeout (inconclusive)`;
  return `${what}: refused: connection ${o.error ? `failed with ${o.error}` : 'closed by the proxy'}, no HTTP response (${o.bytesReceived} bytes received)`;
}

function refused(o: PlaintextProbeOutcome): boolean {
  return o.connected && !o.timedOut && o.httpStatusLine === null;
}

async function checkRequestPath(options: NetnsVerificationOptions): Promise<VerificationCheck> {
  const { topology } = options;
  const agent = podByName(topology, 'agent');
  const url = `http://${podByName(topology, options.entry).address}:${POD_SERVICE_PORT}/orders/1`;
  const res = await probe<HttpProbeOutcome>(options, agent.netns, { kind: 'http', url });
  if (res.error !== undefined || res.statusCode === undefined) {
    return { name: 'request-reaches-chain', passed: false, evidence: [`GET ${url} from pod agent (${agent.netns}) failed: ${res.error ?? 'no answer'}`] };
  }
  const depth = Number(res.headers?.[CHAIN_DEPTH_HEADER]);
  return {
    name: 'request-reaches-chain',
    passed: res.statusCode === 200 && depth === options.chainDepth,
    evidence: [`GET ${url} from pod agent (${agent.netns}) → ${res.statusCode}, ${CHAIN_DEPTH_HEADER}: ${Number.isFinite(depth) ? depth : 'missing'}`],
  };
}

async function natTable(options: NetnsVerificationOptions, netns: string): Promise<string> {
  return (await options.runner.run('ip', ['netns', 'exec', netns, 'iptables-save', '-t', 'nat'], { signal: options.signal })).stdout;
}

async function checkRules(options: NetnsVerificationOptions): Promise<VerificationCheck> {
  const evidence: string[] = [];
  let passed = true;
  for (const ns of captureRules(options.topology)) {
    const missing = missingRules(ns.rules, await natTable(options, ns.netns));
    passed &&= missing.length === 0 && ns.rules.length > 0;
    for (const rule of ns.rules) {
      const line = savedRuleLine(rule);
      evidence.push(`${ns.owner} (${ns.netns}) iptables-save -t nat: ${missing.includes(line) ? 'MISSING ' : ''}${line}`);
    }
  }
  return { name: 'capture-rules-present', passed, evidence };
}

async function checkRefusal(options: NetnsVerificationOptions): Promise<VerificationCheck> {
  const { topology } = options;
  const outsider = podByName(topology, 'outsider');
  const entry = podByName(topology, options.entry);
  const proxyPort =
    topology.mode === 'sidecar'
      ? { host: entry.address, port: INBOUND_PORT, what: `the entry pod's sidecar inbound port` }
      : { host: topology.nodes[entry.node].linkAddress, port: TUNNEL_PORT, what: `the ${entry.node} node proxy's tunnel port` };
  const toApp = await probe<PlaintextProbeOutcome>(options, outsider.netns, { kind: 'plaintext', host: entry.address, port: POD_SERVICE_PORT });
  const toProxy = await probe<PlaintextProbeOutcome>(options, outsider.netns, { kind: 'plaintext', host: proxyPort.host, port: proxyPort.port });
  return {
    name: 'plaintext-refused',
    passed: refused(toApp) && refused(toProxy),
    evidence: [
      describePlaintext(`plaintext HTTP from the un-meshed pod outsider to ${entry.name} ${entry.address}:${POD_SERVICE_PORT}`, toApp),
      describePlaintext(`plaintext HTTP from outsider to ${proxyPort.what} ${proxyPort.host}:${proxyPort.port}`, toProxy),
    ],
  };
}

async function checkNoCapture(options: NetnsVerificationOptions): Promise<VerificationCheck> {
  const { topology } = options;
  const evidence: string[] = [];
  let redirects = 0;
  for (const netns of topologyNamespaces(topology)) {
    const found = (await natTable(options, netns)).split('\n').filter((l) => l.includes('REDIRECT'));
    redirects += found.length;
    for (const l of found) evidence.push(`${netns}: unexpected ${l}`);
  }
  evidence.unshift(`no REDIRECT rule in the nat table of any of the run's ${topologyNamespaces(topology).length} namespaces`);
  const entry = podByName(topology, options.entry);
  const outsider = podByName(topology, 'outsider');
  const direct = await probe<PlaintextProbeOutcome>(options, outsider.netns, { kind: 'plaintext', host: entry.address, port: POD_SERVICE_PORT });
  evidence.push(describePlaintext(`plaintext HTTP from the pod outsider to ${entry.name} ${entry.address}:${POD_SERVICE_PORT} (no mesh: the app answers)`, direct));
  if (redirects > 0) evidence.shift();
  return { name: 'no-capture', passed: redirects === 0 && direct.httpStatusLine !== null, evidence };
}

export async function verifyNetnsPath(options: NetnsVerificationOptions): Promise<VerificationCheck[]> {
  const checks = [await checkRequestPath(options)];
  if (options.topology.mode === 'baseline') checks.push(await checkNoCapture(options));
  else checks.push(await checkRules(options), await checkRefusal(options));
  return checks;
}
