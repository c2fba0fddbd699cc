/**
 * `bench report <results...> --html FILE [--csv FILE] [--smp FILE]`: pools result files (several
 * files of the same target are pooled per level) and writes the chosen outputs atomically.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadClaims, SHIPPED_CLAIMS_FILE } from '../../config/config-files.ts';
import { usageError } from '../../errors.ts';
import { renderCsv } from '../../report/csv-export.ts';
import { renderHtmlReport } from '../../report/html/html-report.ts';
import { buildReportData } from '../../report/report-data.ts';
import { collectReportIssues } from '../../report/report-issues.ts';
import type { ReportSource } from '../../report/report-model.ts';
import { buildSmpExport, smpSidecarPath } from '../../report/smp/smp-export.ts';
import { jsonText } from './json-output.ts';
import { checkOutputPath, writeFileAtomic } from '../../results/output-file.ts';
import { readResultFile } from '../../results/result-file.ts';
import { type CliContext, writeLine } from '../cli-context.ts';
import { HARNESS_VERSION } from '../harness-version.ts';

interface ReportOptions {
  html?: string;
  csv?: string;
  smp?: string;
  title?: string;
  /** A claims file, false for --no-claims, undefined for the shipped one. */
  claims?: string | false;
}

export function registerReportCommand(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description('render result files as one self-contained HTML report (offline, inline SVG), CSV or SMP JSON')
    .argument('<results...>', 'result files; files of the same target and mesh version are pooled per level')
    .option('--html <file>', 'write the HTML report (charts, validity warnings, metadata, verification evidence)')
    .option('--csv <file>', 'write one row per target × level × repetition, plus pooled rows (row_kind=pooled)')
    .option('--smp <file>', 'write Service Mesh Performance JSON (PerformanceTestResult per target × level), and meshbench\'s extras beside it in <file>.meshbench.json')
    .option('--title <text>', 'title of the HTML report')
    .option('--claims <file>', 'published claims to set beside the measurements in the HTML report (default: the shipped claims/published.yaml)')
    .option('--no-claims', 'no published-claims section')
    .addHelpText('after', '\nExample:\n  bench report results/baseline.json results/istio-*.json --html report.html --csv report.csv')
    .action((files: string[], options: ReportOptions) => {
      const outputs = [options.html, options.csv, options.smp].filter((o): o is string => Boolean(o));
      if (outputs.length === 0) throw usageError('choose at least one output: --html FILE, --csv FILE or --smp FILE', 'e.g. bench report results/*.json --html report.html');
      const inputs = new Set(files.map((f) => resolve(ctx.cwd, f)));
      for (const out of [...outputs, ...(options.smp ? [smpSidecarPath(options.smp)] : [])]) {
        if (inputs.has(resolve(ctx.cwd, out))) throw usageError(`refusing to overwrite the input ${out} with a report`);
      }
      const targets = [
        { file: options.html, what: 'HTML report' },
        { file: options.csv, what: 'CSV export' },
        { file: options.smp, what: 'SMP export' },
        { file: options.smp ? smpSidecarPath(options.smp) : undefined, what: 'SMP extras (sidecar)' },
      ];
      // Before reading and rendering: a bad output path fails fast with its reason.
      for (const t of targets) if (t.file) checkOutputPath({ path: resolve(ctx.cwd, t.file), what: t.what, overwrite: true });
      const claims = options.claims === false ? undefined : loadClaims(options.claims ?? SHIPPED_CLAIMS_FILE, ctx.cwd).spec.claims;
      const sources = uniqueRuns(files.map((path) => ({ path, result: readResultFile(resolve(ctx.cwd, path)) })), ctx);
      const data = buildReportData(sources);
      const generatorVersion = HARNESS_VERSION;
      const summary = `${data.series.length} target(s), ${data.levelRps.length} level(s), ${sources.length} file(s)`;
      if (options.html) {
        writeFileAtomic(resolve(ctx.cwd, options.html), renderHtmlReport(data, { generatedAt: new Date().toISOString(), title: options.title, generatorVersion, claims }), {
          what: 'HTML report',
        });
        writeLine(ctx.stdout, `wrote ${options.html} (HTML report: ${summary})`);
      }
      if (options.csv) {
        writeFileAtomic(resolve(ctx.cwd, options.csv), renderCsv(data), { what: 'CSV export' });
        writeLine(ctx.stdout, `wrote ${options.csv} (CSV: ${summary})`);
      }
      if (options.smp) {
        const smp = buildSmpExport(data, { generatorVersion, file: options.smp });
        const sidecar = smpSidecarPath(options.smp);
        writeFileAtomic(resolve(ctx.cwd, options.smp), jsonText(smp.document), { what: 'SMP export' });
        writeFileAtomic(resolve(ctx.cwd, sidecar), jsonText(smp.sidecar), { what: 'SMP extras (sidecar)' });
        writeLine(ctx.stdout, `wrote ${options.smp} (SMP JSON: ${summary}) and ${sidecar} (meshbench's extras by result id)`);
      }
      const issues = collectReportIssues(data);
      const errors = issues.filter((i) => i.severity === 'error').length;
      if (issues.length) {
        writeLine(ctx.stderr, `warning: ${errors} validity error(s) and ${issues.length - errors} warning(s) in the inputs (invalid repetitions, generator saturation, verification); see the report's Validity section`);
      }
    });
}

/**
 * One source per run: the same file given twice, or named by two overlapping globs, would count
 * its repetitions twice. Later copies of a run id are dropped, and said so on stderr.
 */
function uniqueRuns(sources: ReportSource[], ctx: CliContext): ReportSource[] {
  const seen = new Map<string, string>();
  const kept: ReportSource[] = [];
  for (const source of sources) {
    const earlier = seen.get(source.result.runId);
    if (earlier !== undefined) {
      writeLine(ctx.stderr, `note: ${source.path} is the same run as ${earlier} (${source.result.runId}); counted once`);
      continue;
    }
    seen.set(source.result.runId, source.path);
    kept.push(source);
  }
  return kept;
}
