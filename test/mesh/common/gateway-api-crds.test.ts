import { describe, expect, it } from 'vitest';
import { gatewayApiEstablishedWaits, gatewayApiIfAbsentAction, gatewayApiServerSideAction, gatewayApiStandardUrl } from '../../../src/mesh/common/gateway-api-crds.ts';

const env = { KUBECONFIG: '/tmp/kc' };
const URL_V14 = 'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml';

describe('Gateway API CRD actions', () => {
  it('points at the release\'s standard-channel bundle', () => {
    expect(gatewayApiStandardUrl('v1.4.0')).toBe(URL_V14);
  });

  it('installs only when the gateways CRD is absent (Istio\'s documented line)', () => {
    expect(gatewayApiIfAbsentAction('v1.4.0', env)).toEqual({
      kind: 'command',
      description: 'Gateway API v1.4.0 standard CRDs (only if not already installed)',
      tool: 'bash',
      args: ['-c', `set -euo pipefail; kubectl get crd gateways.gateway.networking.k8s.io >/dev/null 2>&1 || kubectl apply --server-side -f ${URL_V14}`],
      timeoutMs: 120_000,
      env,
    });
  });

  it('always applies server-side in Linkerd\'s form', () => {
    expect(gatewayApiServerSideAction('v1.4.0', env)).toMatchObject({ tool: 'kubectl', args: ['apply', '--server-side', '-f', URL_V14], env });
  });

  it('waits for the gateways and httproutes CRDs', () => {
    expect(gatewayApiEstablishedWaits().map((w) => w.kind === 'wait' && w.condition)).toEqual([
      { type: 'crd-established', name: 'gateways.gateway.networking.k8s.io' },
      { type: 'crd-established', name: 'httproutes.gateway.networking.k8s.io' },
    ]);
  });
});
