import { describe, expect, it } from 'vitest';
import { listConfigNames, loadScenario, loadTarget } from '../../src/config/config-files.ts';
import { exitCodeOf } from '../../src/errors.ts';
import { checkProtocol, protocolHandling } from '../../src/mesh/protocol-handling.ts';
import { orderServiceManifests } from '../../src/workload/kube-order-service.ts';

const target = (name: string) => loadTarget(name).spec;

describe('what each target does with each protocol', () => {
  it('every shipped target states something for every protocol', () => {
    for (const name of listConfigNames('target')) {
      for (const protocol of ['http1', 'h2c', 'h2', 'grpc'] as const) {
        expect(protocolHandling(target(name), protocol).handling.length, `${name} ${protocol}`).toBeGreaterThan(10);
      }
    }
  });

  it('names the upgrade and pass-through behaviour of each mesh', () => {
    expect(protocolHandling(target('linkerd'), 'http1').handling).toMatch(/upgrades it to HTTP\/2 between proxies/);
    expect(protocolHandling(target('istio-sidecar'), 'grpc').handling).toMatch(/HTTP\/2 sidecar to sidecar/);
    expect(protocolHandling(target('istio-sidecar'), 'http1').handling).toMatch(/DO_NOT_UPGRADE/);
    expect(protocolHandling(target('istio-ambient'), 'h2c').handling).toMatch(/ztunnel is L4.*HBONE/);
    expect(protocolHandling(target('cilium'), 'grpc').handling).toMatch(/eBPF at L4/);
    expect(protocolHandling(target('netns-node-proxy'), 'grpc').refused).toBeNull();
  });

  it('refuses what a target cannot carry: HTTP/2 through the HTTP/1.1-only haproxy sidecars, and h2 (agent TLS) everywhere', () => {
    expect(protocolHandling(target('proxy-mtls'), 'h2c').refused).toMatch(/HTTP\/1\.1 only/);
    expect(protocolHandling(target('netns-sidecar'), 'grpc').refused).toMatch(/HTTP\/1\.1 only/);
    expect(protocolHandling(target('baseline'), 'h2').refused).toMatch(/use h2c/);
    expect(protocolHandling(target('baseline'), 'grpc').refused).toBeNull();
  });

  it('with load.tls: L4 and TLS-aware proxies carry the agents\' TLS as opaque bytes; HTTP-parsing sidecars and the netns pods refuse it', () => {
    for (const name of listConfigNames('target')) {
      expect(protocolHandling(target(name), 'http1', { tls: true }).handling.length, name).toBeGreaterThan(10);
    }
    expect(protocolHandling(target('baseline'), 'h2', { tls: true })).toEqual({ handling: 'no proxy: HTTP/2 over TLS goes from the agent to the entry service as sent', refused: null });
    expect(protocolHandling(target('istio-sidecar'), 'http1', { tls: true }).handling).toMatch(/appProtocol is https, so Envoy sidecars treat its port as TLS and forward HTTP\/1\.1 over TLS as opaque TCP/);
    expect(protocolHandling(target('istio-ambient'), 'grpc', { tls: true }).handling).toMatch(/ztunnel is L4: gRPC \(HTTP\/2\) over TLS is carried unchanged/);
    expect(protocolHandling(target('linkerd'), 'http1', { tls: true }).handling).toMatch(/detects TLS from the application/);
    expect(protocolHandling(target('proxy-mtls'), 'http1', { tls: true }).refused).toMatch(/parses HTTP \(mode http\)/);
    expect(protocolHandling(target('netns-node-proxy'), 'http1', { tls: true }).refused).toMatch(/without TLS/);
    const scenario = { ...loadScenario('smoke').spec };
    scenario.load = { ...scenario.load, tls: {} };
    let err: unknown;
    try {
      checkProtocol(target('proxy-mtls'), scenario);
    } catch (e) {
      err = e;
    }
    expect(exitCodeOf(err)).toBe(2);
    expect((err as Error).message).toMatch(/scenario "smoke" sends http1 over TLS \(load\.tls\), which target "proxy-mtls" cannot carry/);
  });

  it('checkProtocol is a usage error naming the scenario, the protocol and the target', () => {
    const scenario = loadScenario('scenarios/h2.yaml').spec;
    expect(() => checkProtocol(target('baseline'), scenario)).not.toThrow();
    try {
      checkProtocol(target('proxy-mtls'), scenario);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(exitCodeOf(err)).toBe(2);
      expect((err as Error).message).toMatch(/scenario "h2" sends h2c, which target "proxy-mtls" cannot carry/);
    }
  });

  it('the Service appProtocol follows the protocol, for Istio’s protocol selection', () => {
    const appProtocols = (file: string) =>
      orderServiceManifests({ scenario: loadScenario(file).spec, namespace: 'ns', platform: 'kind', runId: 'r', scriptSha256: 'x' }).services.map(
        (s) => (s as unknown as { spec: { ports: { appProtocol: string }[] } }).spec.ports[0]?.appProtocol,
      );
    expect(appProtocols('scenarios/smoke.yaml')).toEqual(['http']);
    expect(appProtocols('scenarios/h2.yaml')).toEqual(['http2', 'http2']);
    expect(appProtocols('scenarios/grpc.yaml')).toEqual(['grpc', 'grpc']);
  });
});
