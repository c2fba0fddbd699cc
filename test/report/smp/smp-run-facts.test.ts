import { describe, expect, it } from 'vitest';
import type { ReportSeries } from '../../../src/report/report-model.ts';
import { mtlsEnabled, mtlsModeOf, mtlsVerified, nodesOf, proxyConcurrencyOf } from '../../../src/report/smp/smp-run-facts.ts';
import { smallBaseline, smallSidecar } from '../../helpers/small-report.ts';

const GIB = 1024 ** 3;
const meshSeries = { mesh: 'istio' } as ReportSeries;
const noMesh = { mesh: 'none' } as ReportSeries;

describe('mTLS facts', () => {
  it('the scenario’s mtls mode decides; no mesh means no mTLS', () => {
    const result = smallSidecar();
    result.scenario.spec = { ...result.scenario.spec, features: {} };
    expect(mtlsModeOf(result)).toBeNull();
    expect(mtlsEnabled(meshSeries, result)).toBe(true);
    result.scenario.spec = { ...result.scenario.spec, features: { mtls: 'off' } };
    expect(mtlsModeOf(result)).toBe('off');
    expect(mtlsEnabled(meshSeries, result)).toBe(false);
    result.scenario.spec = { ...result.scenario.spec, features: { mtls: 'strict' } };
    expect(mtlsEnabled(meshSeries, result)).toBe(true);
    expect(mtlsEnabled(noMesh, smallBaseline())).toBe(false);
  });

  it('verified when every mTLS/TLS check passed; null without one', () => {
    const check = (name: string, passed: boolean) => ({ name, passed, evidence: [] });
    expect(mtlsVerified(smallSidecar({ verification: { verified: true, skipped: false, checks: [check('mTLS STRICT', true), check('sidecar injected', false)] } }))).toBe(true);
    expect(mtlsVerified(smallSidecar({ verification: { verified: false, skipped: false, checks: [check('mTLS STRICT', true), check('TLS on the wire', false)] } }))).toBe(false);
    expect(mtlsVerified(smallSidecar({ verification: { verified: true, skipped: false, checks: [check('sidecar injected', true)] } }))).toBeNull();
  });
});

describe('proxyConcurrencyOf', () => {
  it('Istio proxyConcurrency or haproxy threads from the resolved spec, else null', () => {
    expect(proxyConcurrencyOf(smallSidecar())).toBe(2);
    expect(proxyConcurrencyOf(smallSidecar({ meshSpec: { name: 'haproxy', threads: 3 } }))).toBe(3);
    expect(proxyConcurrencyOf(smallBaseline())).toBeNull();
  });
});

describe('nodesOf', () => {
  it('kind: a control plane and the workers, all sharing the host', () => {
    const result = smallSidecar({ platform: 'kind' });
    result.environment = { ...result.environment, cores: 8, memoryBytes: 32 * GIB };
    result.target.clusterShape = { workers: 2 };
    const host = { cores: 8, memMb: '32768' };
    expect(nodesOf(result)).toEqual([
      { type: 'kind-control-plane (shares host)', ...host },
      { type: 'kind-worker (shares host)', ...host },
      { type: 'kind-worker (shares host)', ...host },
    ]);
  });

  it('existing cluster: the recorded nodes; local: the host', () => {
    const existing = smallSidecar({ platform: 'existing' });
    existing.target.clusterShape = { nodes: [{ name: 'n1', cores: 4, memoryBytes: 8 * GIB }, { name: 'bad' }] };
    expect(nodesOf(existing)).toEqual([{ type: 'n1', cores: 4, memMb: '8192' }]);
    existing.target.clusterShape = null;
    expect(nodesOf(existing)).toEqual([]);
    const local = smallBaseline({ platform: 'local' });
    expect(nodesOf(local)).toEqual([{ type: 'local-host', cores: local.environment.cores, memMb: String(Math.round(local.environment.memoryBytes / 1024 ** 2)) }]);
  });
});
