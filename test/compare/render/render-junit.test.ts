import { describe, expect, it } from 'vitest';
import { escapeXml, renderJunit } from '../../../src/compare/render/render-junit.ts';
import { gateReport } from '../../helpers/gate-reports.ts';
import { findAll, parseXml } from '../../helpers/xml-tree.ts';

const regression = gateReport('regression');
const invalid = gateReport('invalid');
const inconclusive = gateReport('inconclusive');

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
