import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/cli-context.ts';
import { runCli } from '../../../src/cli/main.ts';
import { CSV_COLUMNS } from '../../../src/report/csv-export.ts';
import { writeResultFile } from '../../../src/results/result-file.ts';
import { realisticReportSources } from '../../helpers/report-fixtures.ts';

function testContext(cwd: string): CliContext & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return { stdout, stderr, cwd, env: {}, signal: new AbortController().signal, verbose: false, exitCode: 0, out: () => out, err: () => err };
}

describe('bench report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshbench-report-'));
  const files = realisticReportSources().map(({ path, result }) => {
    const name = path.replace('results/', '');
    writeResultFile(join(dir, name), result);
    return name;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the HTML report, CSV and SMP JSON atomically', async () => {
    const ctx = testContext(dir);
    const code = await runCli(['report', ...files, '--html', 'out/report.html', '--csv', 'out/report.csv', '--smp', 'out/report.smp.json', '--title', 'kind run'], ctx);
    expect(ctx.err()).toContain('1 validity error(s) and 1 warning(s)');
    expect(code).toBe(0);
    expect(ctx.out()).toContain('wrote out/report.html (HTML report: 3 target(s), 3 level(s), 3 file(s))');
    const html = readFileSync(join(dir, 'out/report.html'), 'utf8');
    expect(html).toContain('<title>kind run</title>');
    expect(readFileSync(join(dir, 'out/report.csv'), 'utf8').split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    const smp = JSON.parse(readFileSync(join(dir, 'out/report.smp.json'), 'utf8')) as Record<string, { id: string; detailsUri: string }[]>;
    expect(smp['smp.PerformanceTestResult']).toHaveLength(9);
    const extras = JSON.parse(readFileSync(join(dir, 'out/report.smp.meshbench.json'), 'utf8')) as { generator: { version: string }; results: Record<string, unknown> };
    expect(extras.generator.version).toMatch(/^\d+\.\d+\.\d+/);
    for (const r of smp['smp.PerformanceTestResult'] ?? []) {
      expect(r.detailsUri).toBe(`report.smp.meshbench.json#${r.id}`);
      expect(extras.results[r.id]).toBeDefined();
    }
    expect(ctx.out()).toContain('and out/report.smp.meshbench.json (meshbench\'s extras by result id)');
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('asks for an output when none is chosen', async () => {
    const ctx = testContext(dir);
    expect(await runCli(['report', ...files], ctx)).toBe(2);
    expect(ctx.err()).toContain('error: choose at least one output: --html FILE, --csv FILE or --smp FILE');
  });

  it('refuses to overwrite an input and reports unreadable files', async () => {
    const ctx = testContext(dir);
    expect(await runCli(['report', files[0]!, '--html', files[0]!], ctx)).toBe(2);
    expect(ctx.err()).toContain('refusing to overwrite the input');
    const missing = testContext(dir);
    expect(await runCli(['report', 'nope.json', '--html', 'x.html'], missing)).toBe(2);
    expect(missing.err()).toContain('cannot read result file');
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });

  it('counts a run once when a file is given twice or as a copy (overlapping globs), and says so', async () => {
    const ctx = testContext(dir);
    const [first] = files as [string];
    const copy = `copy-of-${first}`;
    writeResultFile(join(dir, copy), JSON.parse(readFileSync(join(dir, first), 'utf8')));
    const code = await runCli(['report', ...files, first, copy, '--csv', 'out/dedup.csv'], ctx);
    expect(code).toBe(0);
    expect(ctx.err()).toContain(`note: ${first} is the same run as ${first}`);
    expect(ctx.err()).toContain(`note: ${copy} is the same run as ${first}`);
    expect(ctx.out()).toContain(`wrote out/dedup.csv (CSV: 3 target(s), 3 level(s), ${files.length} file(s))`);
    const rows = readFileSync(join(dir, 'out/dedup.csv'), 'utf8').trim().split('\r\n');
    const single = await runCli(['report', ...files, '--csv', 'out/single.csv'], testContext(dir));
    expect(single).toBe(0);
    expect(rows).toEqual(readFileSync(join(dir, 'out/single.csv'), 'utf8').trim().split('\r\n'));
  });
});
