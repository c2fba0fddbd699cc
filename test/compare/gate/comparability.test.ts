import { describe, expect, it } from 'vitest';
import { assessComparability, type SideSources } from '../../../src/compare/gate/comparability.ts';
import { HarnessError } from '../../../src/errors.ts';
import { buildResultFile, type ResultSpec } from '../../helpers/result-builder.ts';

const levels = [{ targetRps: 500, repetitions: [{ p99Us: 4000 }, { p99Us: 4100 }, { p99Us: 3900 }] }];

function side(...specs: Partial<ResultSpec>[]): SideSources {
  return {
    sources: specs.map((spec, i) => ({ file: `${spec.runId ?? `run-${i}`}.json`, result: buildResultFile({ levels, ...spec }) })),
    arm: null,
  };
}

function refusals(base: SideSources, head: SideSources): string[] {
  return assessComparability({ base, head })
    .filter((f) => f.kind === 'refusal')
    .map((f) => f.message);
}

function notes(base: SideSources, head: SideSources): string[] {
  return assessComparability({ base, head })
    .filter((f) => f.kind === 'note')
    .map((f) => f.message);
}

const istio = (version: string, runId: string): Partial<ResultSpec> => ({ runId, target: { mesh: 'istio', mode: 'ambient', version } });

describe('assessComparability', () => {
  it('accepts two versions of the same target: the upgrade is the main use case', () => {
    const base = side(istio('1.23.4', 'a'));
    const head = side(istio('1.24.1', 'b'));
    expect(refusals(base, head)).toEqual([]);
    expect(notes(base, head)).toContain('upgrade: istio ambient 1.23.4 → 1.24.1');
  });

  it('calls the same target and version on both sides an A/A comparison', () => {
    expect(notes(side(istio('1.23.4', 'a')), side(istio('1.23.4', 'b'))).join('\n')).toContain('A/A comparison');
  });

  it('refuses different scenarios by content hash, naming files and hashes', () => {
    const head = side({ ...istio('1.24.1', 'b'), scenario: { name: 'steady', contentHash: 'sha256:ffffeeeeddddccccbbbb' } });
    const [message] = refusals(side(istio('1.23.4', 'a')), head);
    expect(message).toContain('scenarios differ');
    expect(message).toContain('head b.json: steady ffffeeeedddd');
  });

  it('refuses different platforms and cluster shapes', () => {
    const base = side(istio('1.23.4', 'a'));
    expect(refusals(base, side({ ...istio('1.24.1', 'b'), target: { mesh: 'istio', mode: 'ambient', version: '1.24.1', platform: 'existing' } }))[0]).toContain(
      'platforms differ',
    );
    expect(
      refusals(base, side({ ...istio('1.24.1', 'b'), target: { mesh: 'istio', mode: 'ambient', version: '1.24.1', clusterShape: { workers: 3 } } }))[0],
    ).toContain('cluster shapes differ');
  });

  it('refuses to mix a real-time load agent with a normally scheduled one (older files count as normal)', () => {
    const realtime = side(istio('1.24.1', 'b'));
    const rt = realtime.sources[0]?.result;
    if (!rt) throw new Error('no source');
    rt.environment.agentScheduling = 'realtime-fifo';
    const [message] = refusals(side(istio('1.23.4', 'a')), realtime);
    expect(message).toContain("the load agent's scheduling differs");
    expect(message).toContain('head b.json: realtime-fifo');
    const normal = side(istio('1.24.1', 'c'));
    (normal.sources[0] as { result: { environment: { agentScheduling?: string } } }).result.environment.agentScheduling = 'normal';
    expect(refusals(side(istio('1.23.4', 'a')), normal)).toEqual([]);
  });

  it('refuses a mesh against the no-mesh baseline (the difference is the mesh cost) unless forced', () => {
    const [message] = refusals(side({ runId: 'a', target: { mesh: 'none' } }), side(istio('1.24.1', 'b')));
    expect(message).toContain('no-mesh baseline');
    expect(message).toContain('--force');
  });

  it('refuses different meshes and different modes of one mesh', () => {
    const base = side(istio('1.23.4', 'a'));
    expect(refusals(base, side({ runId: 'b', target: { mesh: 'linkerd', mode: 'sidecar', version: 'edge-26.8.3' } }))[0]).toContain('different meshes');
    expect(refusals(base, side({ runId: 'b', target: { mesh: 'istio', mode: 'sidecar', version: '1.24.1' } }))[0]).toContain(
      'different istio modes: base ambient, head sidecar',
    );
  });

  it('refuses pooling different targets on one side', () => {
    expect(refusals(side(istio('1.23.4', 'a'), istio('1.22.0', 'c')), side(istio('1.24.1', 'b')))[0]).toContain('base side pools different targets');
  });

  it('throws for the same run given twice (never meaningful, not even with --force)', () => {
    expect(() => assessComparability({ base: side(istio('1.23.4', 'a')), head: side(istio('1.23.4', 'a')) })).toThrow(HarnessError);
    expect(() => assessComparability({ base: side(istio('1.23.4', 'a'), istio('1.23.4', 'a')), head: side(istio('1.24.1', 'b')) })).toThrow(
      /same run/,
    );
  });

  it('allows one interleaved run on both sides when the arms differ', () => {
    const both = side(istio('1.24.1', 'ab'));
    expect(() => assessComparability({ base: { ...both, arm: '1.23.4' }, head: { ...both, arm: '1.24.1' } })).not.toThrow();
  });

  it('notes machine differences and incomplete runs', () => {
    const found = notes(side(istio('1.23.4', 'a')), side({ ...istio('1.24.1', 'b'), status: 'interrupted', environment: { cpuModel: 'Intel Xeon' } }));
    expect(found.join('\n')).toContain('different machines');
    expect(found.join('\n')).toContain('b.json: run status interrupted');
  });

  describe('calibration runs (--inject)', () => {
    const injected = (runId: string, serviceUs: number, proxyUs = 0): SideSources => {
      const s = side(istio('1.23.4', runId));
      s.sources[0]!.result.injection = { serviceCpuUs: serviceUs > 0 ? { 'order-service': serviceUs } : {}, proxyCpuUs: proxyUs };
      return s;
    };

    it('marks a comparison with an injected side as a calibration, not an A/A comparison', () => {
      const found = notes(side(istio('1.23.4', 'a')), injected('b', 150));
      expect(found.join('\n')).toContain('CALIBRATION comparison (base: nothing injected; head: injected order-service +150 µs CPU per request)');
      expect(found.join('\n')).not.toContain('A/A comparison');
      expect(refusals(side(istio('1.23.4', 'a')), injected('b', 150))).toEqual([]);
    });

    it('refuses to pool runs with different injected costs on one side', () => {
      const head: SideSources = { sources: [...injected('b', 150).sources, ...side(istio('1.23.4', 'c')).sources], arm: null };
      const [message] = refusals(side(istio('1.23.4', 'a')), head);
      expect(message).toContain('the head side pools calibration runs with different injected costs');
      expect(message).toContain('head c.json: injected nothing');
    });

    it('says nothing about calibration when neither side injected anything', () => {
      expect(notes(side(istio('1.23.4', 'a')), side(istio('1.23.4', 'b'))).join('\n')).not.toContain('CALIBRATION');
    });
  });
});
