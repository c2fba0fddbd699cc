import { describe, expect, it } from 'vitest';
import { renderAlignedTable, renderTextTable } from '../../src/render/aligned-table.ts';

describe('renderAlignedTable', () => {
  it('pads columns to their widest cell counting code points, right-aligning where asked', () => {
    const lines = renderAlignedTable({
      rows: [
        [{ text: 'metric' }, { text: 'p99' }, { text: 'mark' }],
        [{ text: 'latency µs' }, { text: '812' }, { text: '✓' }],
        [{ text: 'rate' }, { text: '1000.0' }, { text: '✗' }],
      ],
      align: ['left', 'right', 'left'],
      indent: '  ',
    });
    expect(lines).toEqual(['  metric         p99  mark', '  latency µs     812  ✓', '  rate        1000.0  ✗']);
  });

  it('styles after padding, so colour codes never shift a column', () => {
    const red = (s: string) => `\u001b[31m${s}\u001b[0m`;
    const lines = renderAlignedTable({ rows: [[{ text: 'a', style: red }, { text: 'x' }], [{ text: 'abc' }, { text: 'y' }]], align: [] });
    expect(lines[0]).toBe('\u001b[31ma  \u001b[0m  x');
    expect(lines[1]).toBe('abc  y');
  });

  it('ragged rows and no rows', () => {
    expect(renderTextTable({ rows: [['a', 'b'], ['long']] })).toEqual(['a     b', 'long']);
    expect(renderTextTable({ rows: [] })).toEqual([]);
  });
});
