import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/compare/compare-results.ts';
import { loadGateConfig } from '../../../src/compare/gate/gate-file.ts';
import type { GateReport } from '../../../src/compare/gate/gate-report.ts';
import type { ResultSource } from '../../../src/compare/gate/repetition-pool.ts';
import { MAX_ANNOTATIONS, renderAnnotations } from '../../../src/compare/render/render-annotations.ts';
import { renderJson } from '../../../src/compare/render/render-json.ts';
import { escapeXml, renderJunit } from '../../../src/compare/render/render-junit.ts';
import { renderMarkdown, STICKY_COMMENT_MARKER } from '../../../src/compare/render/render-markdown.ts';
import { renderTerminal } from '../../../src/compare/render/render-terminal.ts';
import { buildResultFixtures } from '../../helpers/result-fixtures.ts';
import { findAll, parseXml } from '../../helpers/xml-tree.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const loaded = loadGateConfig('default', ROOT);
const fixtures = buildResultFixtures();

function source(name: string): ResultSource {
  const result = fixtures[name];
  if (typeof result !== 'object') throw new Error(name);
  return { file: `test/fixtures/results/${name}`, result };
}

function report(base: string, head: string): GateReport {
  return compareResults({
    base: { sources: [source(base)], arm: null },
    head: { sources: [source(head)], arm: null },
    gate: { file: loaded.file, config: loaded.gate },
  });
}

const regression = report('base-istio-1.23.4.json', 'head-istio-1.24.1-p99-plus20.json');
const pass = report('base-istio-1.23.4.json', 'head-istio-1.24.1-same.json');
const invalid = report('base-istio-1.23.4.json', 'head-istio-1.24.1-mostly-invalid.json');
const inconclusive = report('base-istio-1.23.4-three-reps.json', 'head-istio-1.24.1-three-reps.json');

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

  it('colours only when asked', () => {
    expect(renderTerminal(regression, { color: false })).not.toContain('\u001b[');
    expect(renderTerminal(regression, { color: true })).toContain('\u001b[31m');
  });

  it('lists notes (e.g. the upgrade)', () => {
    expect(renderTerminal(pass, { color: false })).toContain('  - upgrade: istio ambient 1.23.4 → 1.24.1');
  });
});

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

describe('renderJunit', () => {
  it('is well-formed XML with a testsuite per level and a testcase per check', () => {
    const root = parseXml(renderJunit(regression));
    expect(root.name).toBe('testsuites');
    const suites = findAll(root, 'testsuite');
    expect(suites.map((s) => s.attributes['name'])).toEqual(['meshbench gate 500 rps', 'meshbench gate 1000 rps']);
    const cases = findAll(root, 'testcase');
    expect(cases).toHaveLength(regression.levels.reduce((n, l) => n + l.checks.length, 0));
    expect(root.attributes['tests']).toBe(String(cases.length));
  });

  it('maps regression → <failure>, invalid → <error>, inconclusive → <skipped>', () => {
    const failures = findAll(parseXml(renderJunit(regression)), 'failure');
    expect(failures).toHaveLength(2);
    expect(failures[0]?.attributes['message']).toMatch(/^latency p99 @ 500 rps \+\d+\.\d % \[/);
    expect(failures[0]?.attributes['type']).toBe('critical-regression');
    const invalidRoot = parseXml(renderJunit(invalid));
    expect(findAll(invalidRoot, 'error').length).toBeGreaterThan(0);
    expect(findAll(invalidRoot, 'testsuite')[1]?.attributes['errors']).not.toBe('0');
    const skipped = findAll(parseXml(renderJunit(inconclusive)), 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped[0]?.attributes['message']).toContain('need ≥ 5 repetitions per side');
  });

  it('keeps non-gating regressions as passing test cases with a warning', () => {
    const root = parseXml(renderJunit(regression));
    const p999 = findAll(root, 'testcase').find((c) => c.attributes['name'] === 'latency-p999 (advisory)');
    expect(p999?.children.map((c) => c.name)).toEqual(['system-out']);
    expect(p999?.children[0]?.text).toMatch(/^warning: /);
  });

  it('escapes XML special characters and drops control characters', () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});

describe('renderJson', () => {
  it('round-trips the report', () => {
    expect(JSON.parse(renderJson(regression))).toEqual(JSON.parse(JSON.stringify(regression)));
    expect(JSON.parse(renderJson(pass)).formatVersion).toBe(1);
  });
});
