import { describe, expect, it } from 'vitest';
import { costFigures } from '../../../src/report/svg/cost-figures.ts';
import { xmlProblems } from '../../helpers/markup-check.ts';
import { figureContext, smallReportData } from '../../helpers/small-report.ts';

describe('costFigures', () => {
  const figures = costFigures(figureContext(smallReportData()));

  it('data-plane vCPU, memory per proxy and host CPU, each well-formed with a bar per rate', () => {
    expect(figures.map((f) => f.id)).toEqual(['fig-dp-vcpu', 'fig-dp-memory', 'fig-host-cpu']);
    for (const f of figures) expect(xmlProblems(f.svg)).toEqual([]);
  });

  it('the data-plane charts leave out the baseline and say so; host CPU includes it', () => {
    const [vcpu, memory, host] = figures;
    expect(vcpu?.legend.map((l) => l.label)).toEqual(['istio-sidecar 1.28.1']);
    expect(vcpu?.caption).toMatch(/Not shown \(nothing metered\): baseline\.$/);
    expect(memory?.svg.match(/<rect [^>]*><title>/g)).toHaveLength(2);
    // 50 MiB per proxy, within the fixture's ±1 % jitter.
    expect(memory?.svg).toMatch(/<title>istio-sidecar 1\.28\.1, 100 rps: (49\.[5-9]|50\.[0-5])<\/title>/);
    expect(host?.legend).toHaveLength(2);
    expect(host?.caption).not.toContain('Not shown');
  });
});
