import { describe, expect, it } from 'vitest';
import { metadataTable, validitySection, verificationSection } from '../../../src/report/html/html-run-sections.ts';
import { buildReportData } from '../../../src/report/report-data.ts';
import type { ReportIssue } from '../../../src/report/report-issues.ts';
import { xmlProblems } from '../../helpers/markup-check.ts';
import { smallBaseline, smallReportData, smallSidecar } from '../../helpers/small-report.ts';

function issue(overrides: Partial<ReportIssue>): ReportIssue {
  return { severity: 'warning', kind: 'repetition-warning', series: 'istio-sidecar', targetRps: 100, repetition: 0, file: 's.json', message: 'something', ...overrides } as ReportIssue;
}

describe('validitySection', () => {
  it('is a green banner without issues', () => {
    expect(validitySection([])).toContain('class="alert ok"');
  });

  it('counts errors, invalid and saturated repetitions, and folds issues beyond 25', () => {
    const issues = [
      issue({ severity: 'error', kind: 'invalid-repetition', message: 'achieved 930 rps' }),
      issue({ kind: 'repetition-warning', repetition: 1, message: 'scheduler lag p99 9 ms' }),
      ...Array.from({ length: 30 }, (_, i) => issue({ repetition: 10 + i, message: `warning ${i}` })),
    ];
    const html = validitySection(issues);
    expect(xmlProblems(html)).toEqual([]);
    expect(html).toContain('class="alert bad"');
    expect(html).toContain('<strong>1 error(s), 31 warning(s):</strong> 1 invalid repetition(s), 1 repetition(s) with signs of generator saturation, 0 verification issue(s).');
    expect(html).toContain('<details><summary>7 more</summary>');
  });

  it('warnings only: an amber banner', () => {
    expect(validitySection([issue({})])).toContain('class="alert warn"');
  });
});

describe('metadataTable', () => {
  it('one row per file with versions, scenario hash and status', () => {
    const html = metadataTable(smallReportData());
    expect(xmlProblems(html)).toEqual([]);
    expect(html.match(/<tr><td/g)).toHaveLength(2);
    expect(html).toContain('<td>istio / sidecar</td>');
    expect(html).toMatch(/<code title="sha256:[0-9a-f]+">[0-9a-f]{12}<\/code>/);
    expect(html).not.toContain('https:');
  });

  it('shows the TLS the agents negotiated for an https:// run', () => {
    const sidecar = smallSidecar();
    for (const rep of sidecar.levels.flatMap((l) => l.repetitions)) rep.generator.tls = { version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', handshakes: 4, resumedSessions: 1 };
    const html = metadataTable(buildReportData([{ path: 's.json', result: sidecar }]));
    expect(xmlProblems(html)).toEqual([]);
    expect(html).toMatch(/<br\/><small>https: TLSv1\.3 TLS_AES_128_GCM_SHA256; \d+ handshakes, \d+ resumed<\/small><\/td>/);
  });
});

describe('verificationSection', () => {
  it('shows each run’s checks with their evidence, folding long evidence', () => {
    const evidence = ['line 1', 'line 2', 'line 3', 'line 4', 'line <5>', 'line 6'];
    const sidecar = smallSidecar({ verification: { verified: false, skipped: false, checks: [{ name: 'mTLS STRICT', passed: false, evidence }] } });
    const data = buildReportData([
      { path: 'b.json', result: smallBaseline({ verification: { verified: false, skipped: true, checks: [] } }) },
      { path: 's.json', result: sidecar },
    ]);
    const html = verificationSection(data);
    expect(xmlProblems(`<div>${html}</div>`)).toEqual([]);
    expect(html).toContain('<span class="badge warn">skipped</span>');
    expect(html).toContain('<span class="badge bad">✗ NOT verified</span>');
    expect(html).toContain('<span class="badge bad">FAILED</span>');
    expect(html).toContain('<details><summary>2 more line(s)</summary><pre>line &lt;5&gt;\nline 6</pre></details>');
  });
});
