import { describe, expect, it } from 'vitest';
import { computeMeshSize } from '../../../src/report/mesh-size.ts';
import { meshSizeFigures } from '../../../src/report/svg/mesh-size-figures.ts';
import { sweepSources } from '../../helpers/mesh-size-fixtures.ts';

describe('meshSizeFigures', () => {
  it('plots memory per proxy and the control plane against the count, one line per target', () => {
    const points = computeMeshSize([
      ...sweepSources({ target: 'istio-sidecar', platform: 'kind', counts: [0, 50, 500], reps: 1, proxyMib: (n) => 10 + n / 10, controlPlane: (n) => ({ vcpu: 0.02, mib: 60 + n / 5 }) }),
      ...sweepSources({ target: 'linkerd', platform: 'kind', counts: [0, 500], reps: 1, proxyMib: () => 8, controlPlane: () => ({ vcpu: 0.01, mib: 40 }) }),
    ]);
    const figures = meshSizeFigures(points);
    expect(figures.map((f) => f.id)).toEqual(['fig-mesh-size-proxy-memory', 'fig-mesh-size-cp-vcpu', 'fig-mesh-size-cp-memory']);
    const memory = figures[0];
    expect(memory?.legend.map((e) => e.label)).toEqual(['istio-sidecar', 'linkerd']);
    // One marker per point, with its value in the tooltip.
    expect(memory?.svg.match(/<title>istio-sidecar: \d+ idle services/g)).toHaveLength(3);
    expect(memory?.svg).toContain('<title>istio-sidecar: 500 idle services → 63 MiB per proxy</title>');
    expect(memory?.svg).toContain('idle services added');
  });

  it('leaves out the control-plane charts when no control plane was metered (local platform), and draws nothing without a curve', () => {
    const local = computeMeshSize(sweepSources({ target: 'proxy-mtls', platform: 'local', counts: [0, 200], reps: 1, proxyMib: (n) => 15 + n / 50 }));
    expect(meshSizeFigures(local).map((f) => f.id)).toEqual(['fig-mesh-size-proxy-memory']);
    expect(meshSizeFigures([])).toEqual([]);
  });
});
