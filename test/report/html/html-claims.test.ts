import { describe, expect, it } from 'vitest';
import { loadClaims, SHIPPED_CLAIMS_FILE } from '../../../src/config/config-files.ts';
import { renderHtmlReport } from '../../../src/report/html/html-report.ts';
import { buildReportData } from '../../../src/report/report-data.ts';
import { realisticReportSources } from '../../helpers/report-fixtures.ts';

describe('published claims in the HTML report', () => {
  const claims = loadClaims(SHIPPED_CLAIMS_FILE).spec.claims;
  const html = renderHtmlReport(buildReportData(realisticReportSources()), { generatedAt: '2026-11-20T10:00:00Z', claims });
  const section = html.slice(html.indexOf('<section id="claims"'), html.indexOf('</section>', html.indexOf('<section id="claims"')));

  it('one row per claim with its source, and a verdict that never passes a claim off as a measurement', () => {
    expect(section).toContain('<h2 id="claims-h">Published claims</h2>');
    expect(section.match(/<tr>/g)).toHaveLength(1 + claims.length);
    expect(section).toContain('<code>https://istio.io/latest/docs/ops/deployment/performance-and-scalability/</code>');
    expect(section).toContain('<span class="badge warn">not comparable</span>');
    // The synthetic inputs are Istio 1.28 on kind: every versioned Istio claim differs in version.
    expect(section).toMatch(/version: measured 1\.28\.1, claim 1\.24/);
  });

  it('links are text, not hrefs (the report fetches and links nothing)', () => {
    expect(section).not.toMatch(/href=/);
    expect(renderHtmlReport(buildReportData(realisticReportSources()), { generatedAt: 'x' })).not.toContain('id="claims"');
  });
});
