import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../../src/config/config-files.ts';
import { linkerdFeatureSupport } from '../../../src/mesh/linkerd/features.ts';
import { featureSupportRows } from '../../../src/plan/feature-support.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;

describe('Linkerd feature support', () => {
  const table = linkerdFeatureSupport(loadTarget('linkerd', ROOT).spec);

  it('applies authz (l4 and l7) and states the upstream mechanism of the rest', () => {
    expect(table.authz.l7.status).toBe('supported');
    expect(table.authz.l4).toMatchObject({ status: 'supported', mechanism: expect.stringContaining('AuthorizationPolicy on it') });
    expect(table.retries).toMatchObject({ status: 'supported', mechanism: expect.stringContaining('retry.linkerd.io/http') });
    expect(table.timeouts).toMatchObject({ status: 'supported', mechanism: expect.stringContaining('timeout.linkerd.io/request') });
    expect(table.outlierDetection).toMatchObject({ status: 'supported', applies: 'workload', mechanism: expect.stringContaining('balancer.linkerd.io/failure-accrual') });
    expect(table.accessLog).toMatchObject({ status: 'supported', applies: 'workload', mechanism: expect.stringContaining('config.linkerd.io/access-log') });
    expect(table.telemetry.metrics).toMatchObject({ status: 'supported', applies: 'install', mechanism: expect.stringContaining('linkerd viz install') });
  });

  it('refuses upstreamHttp2: the proxies always upgrade, so on and off are the same path', () => {
    expect(table.upstreamHttp2).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('always') });
    expect(featureSupportRows(table).filter((r) => r.support.status !== 'supported').map((r) => r.feature)).toEqual(['upstreamHttp2', 'telemetry: tracing', 'configScope']);
  });

  it('keeps tracing refused with the reason: no linkerd-jaeger since 2.19, and the proxy only traces requests that arrive sampled', () => {
    expect(table.telemetry.tracing).toMatchObject({ status: 'not-implemented', mechanism: expect.stringMatching(/proxy\.tracing\.enabled.*gone since 2\.19.*no sampling rate.*starts no traces/) });
  });
});
