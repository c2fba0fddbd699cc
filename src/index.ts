/**
 * The programmatic API (the package entry, `import … from 'meshbench'`): read and validate
 * result files, compare them with the CI gate and render what `bench compare` and `bench report`
 * write. All of it is pure: files in, values and text out; no process, no network, no cluster.
 * docs/api.md shows it in use; test/index.test.ts checks that every name here is documented there.
 */

// Result files: read (JSON, schema version, schema) and validate; both throw a HarnessError
// (code CONFIG_INVALID or USAGE) whose message names the file and the first bad field.
export { parseResultFile, readResultFile } from './results/result-file.ts';
export { RESULT_SCHEMA_VERSION, ResultFileSchema } from './results/result-schema.ts';
export type { Level, LatencySummary, Repetition, ResultFile, VerificationCheck } from './results/result-schema.ts';

// The gate: its configuration (gates/*.yaml) and the comparison.
export { compareResults } from './compare/compare-results.ts';
export type { CompareOptions } from './compare/compare-results.ts';
export { DEFAULT_GATE_NAME, loadGateConfig, parseGateConfig } from './compare/gate/gate-file.ts';
export type { LoadedGate } from './compare/gate/gate-file.ts';
export type { GateConfig } from './compare/gate/gate-config.ts';
export type { SideSources } from './compare/gate/comparability.ts';
export type { ResultSource } from './compare/gate/repetition-pool.ts';
export type { CheckResult, GateOutcome, GateReport } from './compare/gate/gate-report.ts';

// What `bench compare` prints or writes.
export { renderTerminal } from './compare/render/render-terminal.ts';
export { renderMarkdown } from './compare/render/render-markdown.ts';
export { renderJunit } from './compare/render/render-junit.ts';
export { renderJson } from './compare/render/render-json.ts';

// What `bench report` writes.
export { buildReportData } from './report/report-data.ts';
export type { ReportData, ReportSource } from './report/report-model.ts';
export { renderHtmlReport } from './report/html/html-report.ts';
export type { HtmlReportOptions } from './report/html/html-report.ts';
export { renderCsv } from './report/csv-export.ts';

// Errors and exit codes, as the CLI maps them.
export { ConfigError, ExitCode, exitCodeOf, HarnessError } from './errors.ts';
export type { ConfigIssue, ErrorCode } from './errors.ts';
export { HARNESS_VERSION } from './cli/harness-version.ts';
