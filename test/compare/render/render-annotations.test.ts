import { describe, expect, it } from 'vitest';
import type { GateReport } from '../../../src/compare/gate/gate-report.ts';
import { MAX_ANNOTATIONS, renderAnnotations } from '../../../src/compare/render/render-annotations.ts';
import { gateReport } from '../../helpers/gate-reports.ts';

const regression = gateReport('regression');
const pass = gateReport('pass');
const invalid = gateReport('invalid');
const inconclusive = gateReport('inconclusive');

describe('renderAnnotations', () => {
  it('one ::error per failing gating check, ::warning for inconclusive and invalid, nothing on a pass', () => {
    const errors = renderAnnotations(regression).trimEnd().split('\n');
    const failing = regression.levels.flatMap((l) => l.checks).filter((c) => c.gating && c.verdict === 'regression');
    expect(errors).toHaveLength(Math.min(failing.length, MAX_ANNOTATIONS));
    expect(errors[0]).toMatch(/^::error title=meshbench gate%3A regression in latency-p99::latency p99 @ 500 rps \+\d+\.\d %25 \[/); // '%' escaped as GitHub reads it
    expect(renderAnnotations(inconclusive)).toMatch(/^::warning title=meshbench gate%3A inconclusive /m);
    expect(renderAnnotations(invalid)).toMatch(/^::warning title=meshbench gate%3A invalid /m);
    expect(renderAnnotations(pass)).toBe('');
  });

  it('folds what is over GitHub\'s 10 per kind into the last line, escaping newlines', () => {
    const check = regression.levels[0]?.checks.find((c) => c.gating && c.verdict === 'regression');
    if (!check) throw new Error('fixture has no failing check');
    const many: GateReport = { ...regression, levels: [{ ...(regression.levels[0] as GateReport['levels'][number]), checks: Array.from({ length: 14 }, () => check) }] };
    const lines = renderAnnotations(many).trimEnd().split('\n');
    expect(lines).toHaveLength(MAX_ANNOTATIONS);
    expect(lines[9]).toMatch(/^::error title=meshbench gate%3A 5 more::.*%0A.*/);
  });
});
