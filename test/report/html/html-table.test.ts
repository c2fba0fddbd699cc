import { describe, expect, it } from 'vitest';
import { badge, renderTable } from '../../../src/report/html/html-table.ts';

describe('renderTable', () => {
  it('escapes text cells, passes trusted markup, right-aligns numeric columns and scopes headers', () => {
    const html = renderTable({
      caption: 'Latency <ms>',
      className: 'wide',
      columns: [{ header: 'target' }, { header: 'p99', numeric: true, hint: 'pooled "p99"' }],
      rows: [['<istio>', { html: '<b>1.2</b>' }]],
    });
    expect(html).toContain('<table class="wide"><caption>Latency &lt;ms&gt;</caption>');
    expect(html).toContain('<th scope="col">target</th><th scope="col" class="num" title="pooled &quot;p99&quot;">p99</th>');
    expect(html).toContain('<tr><td>&lt;istio&gt;</td><td class="num"><b>1.2</b></td></tr>');
  });

  it('writes a single "none" row for an empty table and empty cells for short rows', () => {
    expect(renderTable({ columns: [{ header: 'a' }, { header: 'b' }], rows: [] })).toContain('<tr><td colspan="2" class="none">none</td></tr>');
    expect(renderTable({ columns: [{ header: 'a' }, { header: 'b' }], rows: [['x']] })).toContain('<tr><td>x</td><td></td></tr>');
  });
});

describe('badge', () => {
  it('is text with a kind class, escaped', () => {
    expect(badge('<ok>', 'warn')).toEqual({ html: '<span class="badge warn">&lt;ok&gt;</span>' });
  });
});
