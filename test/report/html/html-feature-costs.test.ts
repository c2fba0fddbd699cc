import { describe, expect, it } from 'vitest';
import { featureCostTable, formatCost } from '../../../src/report/html/html-feature-costs.ts';
import { renderHtmlReport } from '../../../src/report/html/html-report.ts';
import { computeFeatureCosts } from '../../../src/report/feature-costs.ts';
import { buildReportData } from '../../../src/report/report-data.ts';
import { collectReportIssues } from '../../../src/report/report-issues.ts';
import { featureMatrixSources } from '../../helpers/feature-matrix-fixtures.ts';
import { realisticReportSources } from '../../helpers/report-fixtures.ts';

describe('cost of features in the HTML report', () => {
  const costs = computeFeatureCosts(featureMatrixSources());

  it('one row per feature with estimate and interval for latency, CPU and memory', () => {
    const table = featureCostTable(costs);
    expect(table.match(/<tr>/g)).toHaveLength(1 + 3);
    for (const f of ['retries', 'upstreamHttp2', 'accessLog']) expect(table).toContain(`<strong>${f}</strong>`);
    expect(table).toContain('retries: 2 on connect-failure, gateway-error');
    // Every cell of the synthetic costs has an interval (8 pairs).
    expect(table.match(/\[[+\u2212]?[\d.,]+, [+\u2212]?[\d.,]+\]/g)?.length).toBe(3 * 4);
    const http2 = costs.find((c) => c.feature === 'upstreamHttp2');
    expect(http2?.vcpuPer1kRps?.estimate).toBeGreaterThan(0.03);
    expect(http2?.p50Us?.estimate).toBeGreaterThan(0);
  });

  it('formats a cost as a signed estimate with its interval, or says there is none', () => {
    expect(formatCost({ estimate: 412, lower: 300, upper: 520, confidence: 0.95, referenceMedian: 1 }, (us) => us / 1000)).toBe('+0.412 [+0.3, +0.52]');
    expect(formatCost({ estimate: -2, lower: null, upper: null, confidence: null, referenceMedian: 1 })).toEqual({ html: '\u22122 <small title="too few pairs for an interval">[no interval]</small>' });
    expect(formatCost(null)).toBe('–');
  });

  it('the section comes after the baseline section, only when an input is a feature matrix', () => {
    const html = renderHtmlReport(buildReportData(featureMatrixSources()), { generatedAt: '2026-11-20T10:00:00Z' });
    const ids = [...html.matchAll(/<section id="([a-z-]+)"/g)].map((m) => m[1]);
    expect(ids.slice(0, 4)).toEqual(['validity', 'summary', 'overhead', 'feature-costs']);
    expect(html).toContain('id="chart-feature-latency"');
    expect(html).toContain('body.hide-fc-p99 .series[data-series="fc-p99"]');
    const plain = renderHtmlReport(buildReportData(realisticReportSources()), { generatedAt: '2026-11-20T10:00:00Z' });
    expect(plain).not.toContain('feature-costs');
  });

  it('the arms of one feature matrix differ in features by design: no scenario-mismatch warning for them', () => {
    const mismatch = (sources: ReturnType<typeof featureMatrixSources>) => collectReportIssues(buildReportData(sources)).filter((i) => i.kind === 'scenario-mismatch');
    expect(mismatch(featureMatrixSources())).toEqual([]);
    const plain = featureMatrixSources().map((s) => ({ ...s, result: { ...s.result, batch: undefined } }));
    expect(mismatch(plain).map((i) => i.message)).toEqual([expect.stringContaining('the inputs ran 4 different scenario specs')]);
  });
});
