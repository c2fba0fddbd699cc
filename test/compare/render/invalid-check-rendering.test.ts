/** Every renderer shows what an invalid check measured, marked invalid, instead of "-". */
import { describe, expect, it } from 'vitest';
import type { GateReport } from '../../../src/compare/gate/gate-report.ts';
import { renderJson } from '../../../src/compare/render/render-json.ts';
import { renderJunit } from '../../../src/compare/render/render-junit.ts';
import { renderMarkdown } from '../../../src/compare/render/render-markdown.ts';
import { renderTerminal } from '../../../src/compare/render/render-terminal.ts';
import { gateReport } from '../../helpers/gate-reports.ts';

const invalid = gateReport('invalid');

describe('invalid checks in every renderer', () => {
  it('an invalid check shows what was measured, marked invalid, not "-"', () => {
    const check = invalid.levels.flatMap((l) => l.checks).find((c) => c.checkId === 'latency-p99' && c.verdict === 'invalid');
    expect(check?.base.median).toBeNull();
    expect(check?.head.measuredMedian).toBeGreaterThan(0);
    const row = renderTerminal(invalid, { color: false })
      .split('\n')
      .find((l) => l.startsWith('  !  latency-p99'));
    expect(row).toMatch(/\d+(\.\d+)? (ms|µs) \(invalid\)\s+\d+(\.\d+)? (ms|µs) \(invalid\)/);
    expect(renderMarkdown(invalid)).toMatch(/\| \d+(\.\d+)? (ms|µs) \(invalid\) \|/);
    expect(renderJunit(invalid)).toMatch(/head median: \d+(\.\d+)? (ms|µs) \(invalid\)/);
    const fromJson = (JSON.parse(renderJson(invalid)) as GateReport).levels.flatMap((l) => l.checks).find((c) => c.checkId === 'latency-p99' && c.verdict === 'invalid');
    expect(fromJson?.head.measuredMedian).toBe(check?.head.measuredMedian);
  });
});
