import { describe, expect, it } from 'vitest';
import { computeFeatureCosts } from '../../../src/report/feature-costs.ts';
import { featureCostCategories, featureCostFigures } from '../../../src/report/svg/feature-cost-figures.ts';
import { featureMatrixSources } from '../../helpers/feature-matrix-fixtures.ts';

describe('feature cost figures', () => {
  const costs = computeFeatureCosts(featureMatrixSources());

  it('latency, vCPU and memory charts, one bar per feature with its interval whisker', () => {
    const figures = featureCostFigures(costs);
    expect(figures.map((f) => f.id)).toEqual(['fig-feature-latency', 'fig-feature-vcpu', 'fig-feature-memory']);
    const latency = figures[0]?.svg ?? '';
    expect(latency.match(/<rect /g)?.length).toBeGreaterThanOrEqual(6);
    expect(latency.match(/<path class="interval"/g)).toHaveLength(6);
    expect(figures[0]?.legend.map((l) => l.label)).toEqual(['added p50', 'added p99']);
    expect(featureCostFigures([])).toEqual([]);
  });

  it('names categories by feature, adding target and rate only when they differ', () => {
    expect(featureCostCategories(costs)).toEqual(['retries', 'accessLog', 'upstreamHttp2']);
    const two = [...costs, { ...(costs[0] as (typeof costs)[number]), targetRps: 1_000 }];
    expect(featureCostCategories(two)[3]).toBe('retries · 1,000 rps');
  });
});
