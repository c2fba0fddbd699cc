/**
 * The programmatic API (src/index.ts, the package entry): a program that builds on meshbench
 * reads result files, compares them and renders every output without the CLI. The installed
 * package is exercised the same way through `import … from 'meshbench'` in
 * test/e2e/packed-package.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.ts';
import {
  buildReportData,
  compareResults,
  ConfigError,
  DEFAULT_GATE_NAME,
  HarnessError,
  loadGateConfig,
  parseResultFile,
  readResultFile,
  renderCsv,
  renderHtmlReport,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderTerminal,
  type ResultFile,
} from '../src/index.ts';

const ROOT = join(import.meta.dirname, '..');
const fixture = (name: string) => join(ROOT, 'test/fixtures/results', name);

function compareFiles(base: string, head: string) {
  const gate = loadGateConfig(DEFAULT_GATE_NAME, ROOT);
  return compareResults({
    base: { sources: [{ file: base, result: readResultFile(fixture(base)) }], arm: null },
    head: { sources: [{ file: head, result: readResultFile(fixture(head)) }], arm: null },
    gate: { file: gate.file, config: gate.gate },
  });
}

describe('the programmatic API', () => {
  it('reads a result file into a typed value', () => {
    const result: ResultFile = readResultFile(fixture('baseline.json'));
    expect(result.schemaVersion).toMatch(/^1\./);
    expect(result.levels.length).toBeGreaterThan(0);
  });

  it('validates: a truncated file, a file of another schema and a missing file are HarnessErrors naming the file', () => {
    expect(() => readResultFile(fixture('truncated.json'))).toThrow(/truncated\.json: not valid JSON/);
    const wrong = JSON.parse(readFileSync(fixture('baseline.json'), 'utf8')) as { levels: unknown };
    wrong.levels = 'none';
    expect(() => parseResultFile('edited.json', JSON.stringify(wrong))).toThrow(/edited\.json: invalid result file at levels/);
    try {
      readResultFile(fixture('does-not-exist.json'));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HarnessError);
      expect((err as HarnessError).exitCode).toBe(2);
    }
  });

  it('compares two results with the default gate and renders the report four ways', () => {
    const regression = compareFiles('base-istio-1.23.4.json', 'head-istio-1.24.1-p99-plus20.json');
    expect(regression.outcome).toBe('regression');
    expect(regression.exitCode).toBe(10);
    expect(compareFiles('base-istio-1.23.4.json', 'head-istio-1.24.1-same.json').outcome).toBe('pass');
    expect(renderTerminal(regression, { color: false })).toContain('REGRESSION');
    expect(renderMarkdown(regression)).toContain('<!-- meshbench-gate -->');
    expect(renderJunit(regression)).toMatch(/^<\?xml[\s\S]*<testsuites[\s\S]*<failure/);
    expect(JSON.parse(renderJson(regression))).toMatchObject({ outcome: 'regression', exitCode: 10 });
  });

  it('renders the HTML report and the CSV of result files', () => {
    const sources = ['baseline.json', 'base-istio-1.23.4.json'].map((name) => ({ path: name, result: readResultFile(fixture(name)) }));
    const data = buildReportData(sources);
    const html = renderHtmlReport(data, { generatedAt: '2026-12-06T19:00:00Z', title: 'API report' });
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('API report');
    expect(renderCsv(data).split('\n')[0]).toContain('target');
  });

  it('keeps ConfigError a HarnessError (one catch for every validation failure)', () => {
    expect(new ConfigError([{ file: 'a.yaml', path: 'x', message: 'bad' }])).toBeInstanceOf(HarnessError);
  });

  it('documents every exported name in docs/api.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
    expect(Object.keys(api).filter((name) => !new RegExp(`\`${name}[\`(]`).test(doc))).toEqual([]);
  });

  it('is the package entry: package.json exports dist/index.js with its types, the build of src/index.ts', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; bin: Record<string, string> };
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.bin).toEqual({ bench: 'bin/bench.js', meshbench: 'bin/bench.js' });
  });
});
