/**
 * What each target's proxies do with each load protocol (pure; the run records it in the result's
 * `target.protocolHandling` and refuses a protocol the target cannot carry). Sources for every
 * statement: docs/mesh-protocols.md.
 */
import type { LoadProtocol, Scenario } from '../config/scenario-schema.ts';
import type { Target } from '../config/target-schema.ts';
import { HarnessError } from '../errors.ts';
import { serviceAppProtocol } from '../workload/kube-order-service.ts';

/** How a target carries a protocol; `refused` says why it cannot, else null. */
export interface ProtocolHandling {
  handling: string;
  refused: string | null;
}

const h2Tls = 'h2 is TLS from the agent to the service: add load.tls to the scenario (the entry is then served over TLS), or use h2c';

function carried(handling: string): ProtocolHandling {
  return { handling, refused: null };
}

/**
 * What the target's proxies do with TLS from the agent to the entry service (scenario load.tls):
 * the TLS ends at the entry, so a proxy in between carries records it cannot read.
 */
function tlsHandling(target: Target, what: string): ProtocolHandling {
  const mesh = target.mesh;
  const sent = `${what} over TLS`;
  switch (mesh.name) {
    case 'none':
      return carried(`no proxy: ${sent} goes from the agent to the entry service as sent`);
    case 'haproxy':
      return { handling: 'HTTP/1.1 proxies', refused: 'the local haproxy sidecar pair parses HTTP (mode http), so TLS from the agent to the service cannot pass' };
    case 'netns':
      return { handling: 'cleartext pods', refused: 'the netns targets start their order-service pods without TLS (load.tls is built for --platform local with target baseline, kind and existing)' };
    case 'istio':
      if (mesh.mode === 'ambient') return carried(`ztunnel is L4: ${sent} is carried unchanged inside HBONE (HTTP/2 CONNECT over mutual TLS)`);
      return carried(`the entry Service's appProtocol is https, so Envoy${mesh.mode === 'waypoint' ? ' (the waypoint)' : ' sidecars'} treat its port as TLS and forward ${sent} as opaque TCP over mutual TLS`);
    case 'linkerd':
      return carried(`linkerd-proxy detects TLS from the application and forwards ${sent} as opaque TCP over mutual TLS`);
    case 'cilium':
      return carried(`${sent} is forwarded by eBPF at L4${mesh.encryption === 'wireguard' ? ' and encrypted by WireGuard between nodes' : ''}`);
  }
}

/**
 * How the target carries the load protocol; `tls` (scenario load.tls): the agent speaks TLS to the
 * entry service, which h2 requires.
 */
export function protocolHandling(target: Target, protocol: LoadProtocol, options: { tls?: boolean } = {}): ProtocolHandling {
  if (options.tls) return tlsHandling(target, protocol === 'grpc' ? 'gRPC (HTTP/2)' : protocol === 'h2' ? 'HTTP/2' : 'HTTP/1.1');
  if (protocol === 'h2') return { handling: 'HTTP/2 over TLS from the agent', refused: h2Tls };
  const http2 = protocol !== 'http1';
  const what = protocol === 'grpc' ? 'gRPC (HTTP/2)' : http2 ? 'h2c' : 'HTTP/1.1';
  const mesh = target.mesh;
  switch (mesh.name) {
    case 'none':
      return carried(`no proxy: ${what} goes from the agent to the service as sent`);
    case 'haproxy':
      return http2
        ? { handling: 'HTTP/1.1 proxies', refused: `the local haproxy sidecar pair proxies HTTP/1.1 only (mode http without proto h2), so ${what} cannot pass` }
        : carried('haproxy sidecars parse HTTP/1.1 and carry it over mutual TLS between them');
    case 'netns':
      if (mesh.mode === 'baseline') return carried(`no proxy: ${what} goes from pod to pod as sent`);
      if (mesh.mode === 'node-proxy') return carried(`node proxies are L4 (mode tcp): ${what} is tunnelled over mutual TLS unchanged`);
      return http2
        ? { handling: 'HTTP/1.1 sidecars', refused: `the netns sidecars proxy HTTP/1.1 only (mode http without proto h2), so ${what} cannot pass` }
        : carried('haproxy sidecars parse HTTP/1.1 and carry it over mutual TLS between pods');
    case 'istio':
      if (mesh.mode === 'ambient') return carried(`ztunnel is L4: ${what} is carried unchanged inside HBONE (HTTP/2 CONNECT over mutual TLS)`);
      if (mesh.mode === 'waypoint') {
        return carried(
          `ztunnel carries HBONE to the waypoint, whose Envoy parses ${what} by the Service's appProtocol (${serviceAppProtocol(protocol)})${http2 ? ' and sends HTTP/2 on' : ' and sends HTTP/1.1 on (h2UpgradePolicy left at DO_NOT_UPGRADE)'}`,
        );
      }
      return carried(
        http2
          ? `Envoy sidecars parse ${what} (Service appProtocol ${serviceAppProtocol(protocol)}) and carry HTTP/2 sidecar to sidecar over mutual TLS`
          : 'Envoy sidecars parse HTTP/1.1 (Service appProtocol http) and carry HTTP/1.1 sidecar to sidecar over mutual TLS (h2UpgradePolicy left at DO_NOT_UPGRADE)',
      );
    case 'linkerd':
      return carried(
        http2
          ? `linkerd-proxy detects ${what} and carries it as HTTP/2 between proxies over mutual TLS`
          : 'linkerd-proxy detects HTTP/1.1 and upgrades it to HTTP/2 between proxies (l5d-orig-proto), downgrading it back to HTTP/1.1 at the server',
      );
    case 'cilium':
      return carried(
        `${what} is forwarded by eBPF at L4${mesh.encryption === 'wireguard' ? ' and encrypted by WireGuard between nodes' : ''}; only with features.l7 does Envoy parse it for the L7 policy`,
      );
  }
}

/** Refuses a scenario whose protocol the target's proxies cannot carry (a usage error naming both). */
export function checkProtocol(target: Target, scenario: Scenario): void {
  const protocol = scenario.load.protocol ?? 'http1';
  const tls = scenario.load.tls !== undefined;
  const { refused } = protocolHandling(target, protocol, { tls });
  if (refused) throw new HarnessError('USAGE', `scenario "${scenario.name}" sends ${protocol}${tls ? ' over TLS (load.tls)' : ''}, which target "${target.name}" cannot carry: ${refused}`);
}
