import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../../src/compare/render/render-terminal.ts';
import { gateReport } from '../../helpers/gate-reports.ts';

const regression = gateReport('regression');
const pass = gateReport('pass');
const invalid = gateReport('invalid');
const inconclusive = gateReport('inconclusive');

describe('renderTerminal', () => {
  it('aligns columns: every row of a level table starts its verdict at the same position', () => {
    const text = renderTerminal(regression, { color: false });
    const lines = text.split('\n');
    const header = lines.find((l) => l.includes('HL shift [CI]') && l.includes('verdict'));
    expect(header).toBeDefined();
    const start = lines.indexOf(header ?? '');
    const after = lines.slice(start + 1);
    const end = after.findIndex((l) => !/^ {2}[✓✗~!] /.test(l));
    const rows = after.slice(0, end);
    expect(rows).toHaveLength(regression.levels[0]?.checks.length ?? 0);
    const column = (header ?? '').indexOf('verdict');
    for (const row of rows) expect([...row].slice(column).join('')).toMatch(/^(no change|regression|CRITICAL|inconclusive|invalid|improvement)/);
  });

  it('marks checks with ✓ ✗ ~ ! and ends with the headline', () => {
    const text = renderTerminal(regression, { color: false });
    expect(text).toContain('  ✗  latency-p99');
    expect(text).toContain('  ✓  dataplane-cpu');
    expect(text.trimEnd().split('\n').pop()).toMatch(/^REGRESSION: latency p99 @ 500 rps/);
    expect(renderTerminal(invalid, { color: false })).toContain('  !  latency-p99');
    expect(renderTerminal(inconclusive, { color: false })).toContain('  ~  latency-p99');
  });

  it('colours only when asked', () => {
    expect(renderTerminal(regression, { color: false })).not.toContain('\u001b[');
    expect(renderTerminal(regression, { color: true })).toContain('\u001b[31m');
  });

  it('lists notes (e.g. the upgrade)', () => {
    expect(renderTerminal(pass, { color: false })).toContain('  - upgrade: istio ambient 1.23.4 → 1.24.1');
  });
});
