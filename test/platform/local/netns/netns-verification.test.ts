import { describe, expect, it } from 'vitest';
import { captureRules, savedRuleLine } from '../../../../src/platform/local/netns/capture-rules.ts';
import { buildTopology, type NetnsMode } from '../../../../src/platform/local/netns/namespace-topology.ts';
import { verifyNetnsPath } from '../../../../src/platform/local/netns/netns-verification.ts';
import { FakeToolRunner, type ToolAnswer } from '../../../helpers/fake-tool-runner.ts';

const refused = { connected: true, httpStatusLine: null, error: 'ECONNRESET', timedOut: false, bytesReceived: 0 };
const answered = { connected: true, httpStatusLine: 'HTTP/1.1 200 OK', error: null, timedOut: false, bytesReceived: 180 };

function topology(mode: NetnsMode) {
  return buildTopology({ prefix: 'mb-0a1b2c', mode, rangePrefix: '10.213', services: ['gateway', 'order'] });
}

/**
 * Answers `ip netns exec <ns> node netns-probe.mjs '<spec>'` with `probe(ns, spec)` and
 * `ip netns exec <ns> iptables-save -t nat` with `nat(ns)`.
 */
function runner(options: { probe: (netns: string, spec: Record<string, unknown>) => unknown; nat: (netns: string) => string }): FakeToolRunner {
  return new FakeToolRunner((_file, args): ToolAnswer => {
    const netns = args[2] ?? '';
    if (args[3] === 'iptables-save') return { stdout: options.nat(netns) };
    const spec = JSON.parse(args.at(-1) ?? '{}') as Record<string, unknown>;
    return { stdout: `${JSON.stringify(options.probe(netns, spec))}\n` };
  });
}

const ok = { statusCode: 200, headers: { 'x-chain-depth': '2' } };

describe('verifyNetnsPath, sidecar', () => {
  const t = topology('sidecar');
  const allRules = (netns: string) => ['*nat', ...(captureRules(t).find((r) => r.netns === netns)?.rules.map(savedRuleLine) ?? []), 'COMMIT'].join('\n');

  it('passes with the chain crossed, every rule read back and plaintext refused at the app address and the proxy port', async () => {
    const seen: Record<string, unknown>[] = [];
    const r = runner({ probe: (_ns, spec) => {
        seen.push(spec);
        return spec['kind'] === 'http' ? ok : refused;
      }, nat: allRules });
    const checks = await verifyNetnsPath({ topology: t, entry: 'gateway', chainDepth: 2, workDir: '/w', runner: r });
    expect(checks.map((c) => [c.name, c.passed])).toEqual([
      ['request-reaches-chain', true],
      ['capture-rules-present', true],
      ['plaintext-refused', true],
    ]);
    expect(checks[0]?.evidence).toEqual(['GET http://10.213.2.10:8080/orders/1 from pod agent (mb-0a1b2c-agent) → 200, x-chain-depth: 2']);
    expect(seen.slice(1)).toEqual([
      { kind: 'plaintext', host: '10.213.2.10', port: 8080 },
      { kind: 'plaintext', host: '10.213.2.10', port: 15006 },
    ]);
    expect(r.calls[0]?.args.slice(0, 5)).toEqual(['netns', 'exec', 'mb-0a1b2c-agent', process.execPath, '/w/netns-probe.mjs']);
  });

  it('fails on a missing rule, naming it, and on a plaintext answer', async () => {
    const r = runner({ probe: (_ns, spec) => (spec['kind'] === 'http' ? ok : answered), nat: (ns) => (ns === 'mb-0a1b2c-order' ? '*nat\nCOMMIT' : allRules(ns)) });
    const [, rules, plaintext] = await verifyNetnsPath({ topology: t, entry: 'gateway', chainDepth: 2, workDir: '/w', runner: r });
    expect(rules?.passed).toBe(false);
    expect(rules?.evidence.some((e) => e.startsWith('pod order (mb-0a1b2c-order) iptables-save -t nat: MISSING '))).toBe(true);
    expect(plaintext?.passed).toBe(false);
    expect(plaintext?.evidence[0]).toBe('plaintext HTTP from the un-meshed pod outsider to gateway 10.213.2.10:8080: answered "HTTP/1.1 200 OK"');
  });

  it('does not count a silent proxy (timeout) as a refusal', async () => {
    const silent = { connected: true, httpStatusLine: null, error: null, timedOut: true, bytesReceived: 0 };
    const r = runner({ probe: (_ns, spec) => (spec['kind'] === 'http' ? ok : silent), nat: allRules });
    const [, , plaintext] = await verifyNetnsPath({ topology: t, entry: 'gateway', chainDepth: 2, workDir: '/w', runner: r });
    expect(plaintext?.passed).toBe(false);
    expect(plaintext?.evidence[0]).toBe('plaintext HTTP from the un-meshed pod outsider to gateway 10.213.2.10:8080: no answer and no close within the timeout (inconclusive)');
  });

  it('fails the path check when the chain is short or the probe cannot connect', async () => {
    const short = runner({ probe: (_ns, spec) => (spec['kind'] === 'http' ? { statusCode: 200, headers: {} } : refused), nat: allRules });
    expect((await verifyNetnsPath({ topology: t, entry: 'gateway', chainDepth: 2, workDir: '/w', runner: short }))[0]?.evidence[0]).toMatch(/x-chain-depth: missing$/);
    const down = runner({ probe: (_ns, spec) => (spec['kind'] === 'http' ? { error: 'EHOSTUNREACH' } : refused), nat: allRules });
    const [path] = await verifyNetnsPath({ topology: t, entry: 'gateway', chainDepth: 2, workDir: '/w', runner: down });
    expect(path).toEqual({ name: 'request-reaches-chain', passed: false, evidence: ['GET http://10.213.2.10:8080/orders/1 from pod agent (mb-0a1b2c-agent) failed: EHOSTUNREACH'] });
  });
});

describe('verifyNetnsPath, node proxy', () => {
  it('probes the server node proxy\'s tunnel port', async () => {
    const t = topology('node-proxy');
    const seen: Record<string, unknown>[] = [];
    const r = runner({ probe: (_ns, spec) => {
        seen.push(spec);
        return spec['kind'] === 'http' ? ok : refused;
      }, nat: () => '' });
    const checks = await verifyNetnsPath({ topology: t, entry: 'gateway', chainDepth: 2, workDir: '/w', runner: r });
    expect(seen.at(-1)).toEqual({ kind: 'plaintext', host: '10.213.0.2', port: 15008 });
    // Nothing read back: the rules check fails.
    expect(checks[1]).toMatchObject({ name: 'capture-rules-present', passed: false });
  });
});

describe('verifyNetnsPath, baseline', () => {
  const t = topology('baseline');

  it('passes with no REDIRECT anywhere and the app answering plaintext itself', async () => {
    const r = runner({ probe: (_ns, spec) => (spec['kind'] === 'http' ? ok : answered), nat: () => '*nat\nCOMMIT' });
    const checks = await verifyNetnsPath({ topology: t, entry: 'gateway', chainDepth: 2, workDir: '/w', runner: r });
    expect(checks.map((c) => [c.name, c.passed])).toEqual([
      ['request-reaches-chain', true],
      ['no-capture', true],
    ]);
    expect(checks[1]?.evidence[0]).toBe("no REDIRECT rule in the nat table of any of the run's 6 namespaces");
  });

  it('fails on a stray REDIRECT rule', async () => {
    const r = runner({ probe: (_ns, spec) => (spec['kind'] === 'http' ? ok : answered), nat: (ns) => (ns === 'mb-0a1b2c-order' ? '-A PREROUTING -p tcp -j REDIRECT --to-ports 15006' : '') });
    const [, noCapture] = await verifyNetnsPath({ topology: t, entry: 'gateway', chainDepth: 2, workDir: '/w', runner: r });
    expect(noCapture?.passed).toBe(false);
    expect(noCapture?.evidence[0]).toBe('mb-0a1b2c-order: unexpected -A PREROUTING -p tcp -j REDIRECT --to-ports 15006');
  });
});
