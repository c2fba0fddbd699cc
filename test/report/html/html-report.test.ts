import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REPORT_SCRIPT } from '../../../src/report/html/html-report-assets.ts';
import { renderHtmlReport } from '../../../src/report/html/html-report.ts';
import { buildReportData } from '../../../src/report/report-data.ts';
import { buildSyntheticResult, realisticReportSources } from '../../helpers/report-fixtures.ts';

const OPTIONS = { generatedAt: '2026-11-20T10:00:00Z', generatorVersion: '0.1.0' };

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(buildReportData(realisticReportSources()), OPTIONS);

  it('is one self-contained document: nothing fetched, no external URL in src/href', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b|@import|url\((?!#)/i);
    expect(html.match(/<script>/g)).toHaveLength(1);
    const hash = createHash('sha256').update(REPORT_SCRIPT).digest('base64');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'`);
  });

  it('has every section in reading order, validity first', () => {
    const ids = [...html.matchAll(/<section id="([a-z-]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['validity', 'summary', 'overhead', 'spectrum', 'rate', 'cost', 'verification', 'metadata', 'repetitions']);
  });

  it('shows invalid repetitions and generator saturation prominently', () => {
    const validity = html.slice(html.indexOf('<section id="validity"'), html.indexOf('<section id="summary"'));
    expect(validity).toContain('class="alert bad"');
    expect(validity).toContain('invalid repetition');
    expect(validity).toContain('generator saturation');
    expect(validity).toContain('achieved 930 rps &lt; 990 rps');
    expect(validity).toContain('1 error(s), 1 warning(s):</strong> 1 invalid repetition(s), 1 repetition(s) with signs of generator saturation');
    expect(html).toContain('<span class="badge warn">2/3</span>');
  });

  it('titles every chart, labels axes with units and gives each a legend', () => {
    expect(html.match(/<figure id=/g)).toHaveLength(10);
    expect(html.match(/<ul class="legend"/g)).toHaveLength(10);
    for (const label of ['latency (ms, log scale)', 'latency added (ms)', 'vCPU per 1,000 rps', 'memory per proxy (MiB)', 'host core-seconds per 1,000 requests', 'target rate (requests/s)']) {
      expect(html).toContain(`>${label}</text>`);
    }
    expect(html).toContain('solid line = p50, dashed line = p99');
  });

  it('includes metadata, verification evidence and the baseline deltas', () => {
    expect(html).toContain('AMD EPYC 7763 64-Core Processor · 4 cores · 16 GiB');
    expect(html).toContain('6.8.0-1017-azure');
    expect(html).toContain('<code title="sha256:4f0c1d2e');
    expect(html).toContain('curl: (56) Recv failure: Connection reset by peer (exit 56)');
    expect(html).toContain('Latency added over baseline at 1,000 rps');
    expect(html).toMatch(/<td class="num">\+0\.\d+ \(\+\d+%\)<\/td>/);
  });

  it('explains when no baseline was given', () => {
    const [, sidecar] = realisticReportSources();
    const without = renderHtmlReport(buildReportData([sidecar!]), OPTIONS);
    expect(without).toContain('No baseline was given.');
    expect(without).not.toContain('Latency added over baseline at');
  });

  it('escapes text from result files', () => {
    const hostile = buildSyntheticResult({
      name: 'evil',
      mesh: 'istio',
      mode: 'sidecar',
      version: '1.0.0"><script>alert(1)</script>',
      levelsRps: [100],
      repetitions: 1,
      samplesPerRepetition: 50,
      medianUs: 500,
      sigma: 0.2,
      seed: 1,
      hostCoreSecondsPer1kRequests: 0.2,
      invalid: [{ levelRps: 100, repetition: 0, reason: '<img src=x onerror=alert(2)>' }],
    });
    const out = renderHtmlReport(buildReportData([{ path: 'a<b>.json', result: hostile }]), OPTIONS);
    expect(out).not.toContain('<script>alert');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(out).toContain('a&lt;b&gt;.json');
    expect(out.match(/<script>/g)).toHaveLength(1);
  });

  it('renders a file that measured nothing yet (crashed or still running) without failing', () => {
    const [, sidecar] = realisticReportSources();
    const empty = structuredClone(sidecar!.result);
    empty.levels = [];
    empty.status = 'running';
    const out = renderHtmlReport(buildReportData([{ path: 'partial.json', result: empty }]), OPTIONS);
    expect(out).toContain('No latency histograms in the inputs.');
    expect(out).toContain('run status is &quot;running&quot;');
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('is deterministic for the same inputs', () => {
    expect(renderHtmlReport(buildReportData(realisticReportSources()), OPTIONS)).toBe(html);
  });
});
