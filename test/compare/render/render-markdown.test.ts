import { describe, expect, it } from 'vitest';
import { renderMarkdown, STICKY_COMMENT_MARKER } from '../../../src/compare/render/render-markdown.ts';
import { gateReport } from '../../helpers/gate-reports.ts';

const regression = gateReport('regression');
const pass = gateReport('pass');
const invalid = gateReport('invalid');

describe('renderMarkdown', () => {
  it('has a headline verdict, the primary table and secondary checks in <details>', () => {
    const md = renderMarkdown(regression);
    expect(md).toMatch(/^<!-- meshbench-gate -->\n## meshbench gate: ❌ REGRESSION \(2 of 8 primary checks\)/);
    expect(md).toContain('| ❌ | latency p99 <sub>latency-p99, fail 3 %</sub> | 500 rps |');
    expect(md).toContain('<details><summary>Secondary and advisory checks');
    expect(md).toContain('Holm-Tarone α 0.0062 (look 1 of 2, pocock spending of α 0.01) over 5 of 8 primary checks');
  });

  it('shows pass and the reasons of non-passing checks', () => {
    expect(renderMarkdown(pass)).toContain('## meshbench gate: ✅ PASS');
    expect(renderMarkdown(invalid)).toContain('head: 6 of 10 repetitions invalid');
  });

  it('starts with the hidden marker a sticky PR comment is found by', () => {
    expect(renderMarkdown(pass).split('\n')[0]).toBe(STICKY_COMMENT_MARKER);
  });

  it('stays under the size limit', () => {
    const md = renderMarkdown(regression, { maxBytes: 2_000 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(2_000);
    expect(md).toContain('truncated');
  });
});
