import { describe, expect, it } from 'vitest';
import { computeMeshSize, idleServicesOf } from '../../src/report/mesh-size.ts';
import { sweepSources } from '../helpers/mesh-size-fixtures.ts';

describe('computeMeshSize', () => {
  it('gives one point per count: memory per proxy over every proxy, the control plane summed, medians over valid windows', () => {
    const sources = sweepSources({
      target: 'istio-sidecar',
      platform: 'kind',
      counts: [0, 50, 500],
      reps: 3,
      // Per rep: 10, 11, 99 MiB (+count/10); the median drops the outlier.
      proxyMib: (n, rep) => [10, 11, 99][rep % 3] as number + n / 10,
      controlPlane: (n) => ({ vcpu: 0.01 + n / 10_000, mib: 60 + n / 5 }),
    });
    const points = computeMeshSize(sources);
    expect(points.map((p) => p.idleServices)).toEqual([0, 50, 500]);
    // proxy-a (1 instance, x MiB) and proxy-b (3 instances, x + 4 MiB): (x + 3(x + 4)) / 4 = x + 3.
    expect(points.map((p) => p.proxyMemoryMib)).toEqual([14, 19, 64]);
    expect(points.map((p) => p.proxies)).toEqual([4, 4, 4]);
    expect(points.map((p) => p.controlPlaneVcpu)).toEqual([0.01, 0.015, 0.060000000000000005]);
    expect(points.map((p) => p.controlPlaneMemoryMib)).toEqual([60, 70, 160]);
    expect(points[0]).toMatchObject({ targetName: 'istio-sidecar', platform: 'kind', targetRps: 100, windows: 3, controlPlaneComponents: ['istiod'] });
  });

  it('leaves invalid windows out, and a target without a control plane reads none', () => {
    const sources = sweepSources({ target: 'proxy-mtls', platform: 'local', counts: [0, 200], reps: 2, proxyMib: (n, rep) => (rep === 1 ? 1_000 : 15 + n / 50), invalidRep: 1 });
    const points = computeMeshSize(sources);
    expect(points.map((p) => [p.idleServices, p.windows, p.proxyMemoryMib, p.controlPlaneVcpu, p.controlPlaneMemoryMib])).toEqual([
      [0, 1, 18, null, null],
      [200, 1, 22, null, null],
    ]);
  });

  it('is empty when no target was measured at two counts: one count is not a curve', () => {
    expect(computeMeshSize(sweepSources({ target: 'a', platform: 'local', counts: [50], reps: 1, proxyMib: () => 10 }))).toEqual([]);
    const two = [...sweepSources({ target: 'a', platform: 'local', counts: [50], reps: 1, proxyMib: () => 10 }), ...sweepSources({ target: 'b', platform: 'local', counts: [0], reps: 1, proxyMib: () => 10 })];
    expect(computeMeshSize(two)).toEqual([]);
  });

  it('reads the count from the result\'s scenario (absent: 0)', () => {
    const [zero, fifty] = sweepSources({ target: 'a', platform: 'local', counts: [0, 50], reps: 1, proxyMib: () => 10 });
    expect([idleServicesOf(zero?.result as never), idleServicesOf(fifty?.result as never)]).toEqual([0, 50]);
  });
});
