import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../../src/config/config-files.ts';
import { ciliumFeatureSupport } from '../../../src/mesh/cilium/features.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;

describe('Cilium feature support', () => {
  const table = ciliumFeatureSupport(loadTarget('cilium', ROOT).spec);

  it('applies authz: l7 through cilium-envoy; refuses what has no proxy pair or no tracer', () => {
    expect(table.authz.l7).toMatchObject({ status: 'supported', mechanism: expect.stringContaining('toPorts.rules.http') });
    expect(table.authz.l4).toMatchObject({ status: 'supported', mechanism: expect.stringContaining('eBPF') });
    expect(table.upstreamHttp2.status).toBe('unsupported');
    expect(table.telemetry.tracing.status).toBe('unsupported');
    expect(table.retries).toMatchObject({ status: 'not-implemented', mechanism: expect.stringContaining('CiliumEnvoyConfig') });
    expect(table.accessLog).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('Hubble records flows') });
    expect(table.telemetry.metrics).toMatchObject({ status: 'supported', applies: 'install', mechanism: expect.stringContaining('hubble.metrics.enabled') });
  });
});
