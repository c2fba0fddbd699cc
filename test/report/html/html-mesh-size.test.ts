import { describe, expect, it } from 'vitest';
import { meshSizeTable } from '../../../src/report/html/html-mesh-size.ts';
import { computeMeshSize } from '../../../src/report/mesh-size.ts';
import { sweepSources } from '../../helpers/mesh-size-fixtures.ts';

describe('meshSizeTable', () => {
  it('one row per count with memory per proxy and the control plane, labelling the local emulation', () => {
    const kind = computeMeshSize(sweepSources({ target: 'istio-sidecar', platform: 'kind', counts: [0, 500], reps: 1, proxyMib: (n) => 10 + n / 10, controlPlane: (n) => ({ vcpu: 0.02, mib: 60 + n / 5 }) }));
    const local = computeMeshSize(sweepSources({ target: 'proxy-mtls', platform: 'local', counts: [0, 200], reps: 1, proxyMib: (n) => 15 + n / 50 }));
    const html = meshSizeTable([...kind, ...local]);
    const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...(m[1] as string).matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]));
    expect(rows.filter((r) => r.length > 0)).toEqual([
      ['istio-sidecar', 'kind', '100 rps', '0', '1', '13', '4', '0.02', '60', 'istiod'],
      ['istio-sidecar', 'kind', '100 rps', '500', '1', '63', '4', '0.02', '160', 'istiod'],
      ['proxy-mtls', 'local (emulated: idle haproxy backends)', '100 rps', '0', '1', '18', '4', '–', '–', 'none (local platform)'],
      ['proxy-mtls', 'local (emulated: idle haproxy backends)', '100 rps', '200', '1', '22', '4', '–', '–', 'none (local platform)'],
    ]);
  });
});
