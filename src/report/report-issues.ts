/**
 * Everything a reader must see before trusting the numbers: invalid repetitions with their
 * reasons, signs that the load generator was saturated, failed or skipped verification,
 * incomplete files and pooling that mixed scenarios. Collected from the pooled data; the HTML
 * report shows them at the top. Pure.
 */
import type { PooledLevel, ReportData, ReportSeries } from './report-model.ts';
import { formatNumber, formatShareAsPct } from './report-format.ts';

export type IssueSeverity = 'error' | 'warning';

export type IssueKind =
  | 'invalid-repetition'
  | 'generator-saturation'
  | 'repetition-warning'
  | 'verification'
  | 'file'
  | 'scenario-mismatch'
  | 'pooling';

/** One problem, located as precisely as the data allows. */
export interface ReportIssue {
  severity: IssueSeverity;
  kind: IssueKind;
  /** Series label, when the issue belongs to one. */
  series: string | null;
  targetRps: number | null;
  repetition: number | null;
  /** Result file path, when the issue belongs to one. */
  file: string | null;
  message: string;
}

/** Late sends above this share of sent requests mean the scheduler could not keep up. */
const LATE_SEND_SHARE_LIMIT = 0.01;
/** The load agent is one event loop: above this share of one core it is the bottleneck. */
const GENERATOR_CPU_LIMIT = 0.85;
/** The scenario schema's default for `validity.maxSchedulerLagP99Us`. */
const DEFAULT_MAX_SCHEDULER_LAG_P99_US = 5_000;

function schedulerLagLimitUs(spec: Record<string, unknown>): number {
  const validity = spec['validity'];
  if (validity && typeof validity === 'object') {
    const limit = (validity as Record<string, unknown>)['maxSchedulerLagP99Us'];
    if (typeof limit === 'number' && limit > 0) return limit;
  }
  return DEFAULT_MAX_SCHEDULER_LAG_P99_US;
}

function levelIssues(series: ReportSeries, level: PooledLevel): ReportIssue[] {
  const issues: ReportIssue[] = [];
  const at = { series: series.label, targetRps: level.targetRps };
  for (const { source, repetition: rep } of level.repetitions) {
    const where = { ...at, repetition: rep.index, file: source.path };
    if (!rep.valid) {
      const reasons = rep.invalidReasons.length ? rep.invalidReasons.join('; ') : 'marked invalid (no reason recorded)';
      issues.push({ severity: 'error', kind: 'invalid-repetition', ...where, message: reasons });
    }
    // Safety nets for saturation the run did not already report in its own words.
    const reported = [...rep.invalidReasons, ...rep.warnings].join(' ').toLowerCase();
    const saturation: string[] = [];
    const g = rep.generator;
    const lagLimitUs = schedulerLagLimitUs(source.result.scenario.spec);
    if (g.schedulerLagUs.p99 > lagLimitUs && !reported.includes('scheduler lag')) {
      saturation.push(`scheduler lag p99 ${formatNumber(g.schedulerLagUs.p99 / 1000)} ms > ${formatNumber(lagLimitUs / 1000)} ms`);
    }
    if (rep.requests.sent > 0 && g.lateSends / rep.requests.sent > LATE_SEND_SHARE_LIMIT && !reported.includes('late')) {
      saturation.push(`${formatShareAsPct(g.lateSends / rep.requests.sent)} of sends late by > 1 ms`);
    }
    const dropped = Math.max(g.dropped, rep.requests.dropped);
    if (dropped > 0 && !reported.includes('dropped')) saturation.push(`${formatNumber(dropped)} requests dropped (connection queue full)`);
    if (g.cpuUtilization >= GENERATOR_CPU_LIMIT && !reported.includes('cpu')) saturation.push(`load agent CPU at ${formatShareAsPct(g.cpuUtilization)} of a core`);
    // A warning: when saturation made the repetition invalid, that is already the error above.
    if (saturation.length) issues.push({ severity: 'warning', kind: 'generator-saturation', ...where, message: saturation.join('; ') });
    for (const warning of rep.warnings) issues.push({ severity: 'warning', kind: 'repetition-warning', ...where, message: warning });
  }
  const pooling = { ...at, repetition: null, file: null };
  if (level.pooledFrom === 'invalid') {
    issues.push({
      severity: 'error',
      kind: 'pooling',
      ...pooling,
      message: 'no valid repetition at this level: its pooled numbers come from invalid repetitions and are shown only for diagnosis',
    });
  }
  if (level.undecodableHistograms > 0) {
    issues.push({ severity: 'warning', kind: 'pooling', ...pooling, message: `${level.undecodableHistograms} histogram(s) could not be decoded and were left out` });
  }
  return issues;
}

function fileIssues(data: ReportData): ReportIssue[] {
  const issues: ReportIssue[] = [];
  for (const source of data.sources) {
    const r = source.result;
    const at = { series: null, targetRps: null, repetition: null, file: source.path };
    if (r.status !== 'complete') {
      issues.push({ severity: r.status === 'running' ? 'warning' : 'error', kind: 'file', ...at, message: `run status is "${r.status}": only the levels measured before it stopped are included` });
    }
    if (!r.valid) issues.push({ severity: 'error', kind: 'file', ...at, message: 'the run is marked invalid' });
    for (const warning of r.warnings) issues.push({ severity: 'warning', kind: 'file', ...at, message: warning });
    if (r.verification.skipped) {
      issues.push({ severity: 'warning', kind: 'verification', ...at, message: `verification was skipped for ${r.target.name}: enrolment and mTLS were not checked` });
    } else if (!r.verification.verified) {
      const failed = r.verification.checks.filter((c) => !c.passed).map((c) => c.name);
      issues.push({
        severity: 'error',
        kind: 'verification',
        ...at,
        message: `verification failed for ${r.target.name}${failed.length ? `: ${failed.join(', ')}` : ''}`,
      });
    }
  }
  return issues;
}

function scenarioIssues(data: ReportData): ReportIssue[] {
  const issues: ReportIssue[] = [];
  for (const series of data.series) {
    if (series.scenarioHashes.length > 1) {
      issues.push({
        severity: 'error',
        kind: 'scenario-mismatch',
        series: series.label,
        targetRps: null,
        repetition: null,
        file: null,
        message: `files pooled into this series ran different scenarios (${series.scenarioNames.join(', ')}; ${series.scenarioHashes.length} content hashes)`,
      });
    }
  }
  // The arms of one feature matrix (or idle-services sweep) differ in their features (or idle
  // Services) by design: they count as one scenario.
  const allHashes = new Set(
    data.series.flatMap((s) =>
      s.sources.map((src) => {
        const batch = src.result.batch;
        return batch?.featureMatrix ? `feature-matrix ${batch.id}` : batch?.idleSweep ? `idle-sweep ${batch.id}` : src.result.scenario.contentHash;
      }),
    ),
  );
  if (allHashes.size > 1) {
    issues.push({
      severity: 'warning',
      kind: 'scenario-mismatch',
      series: null,
      targetRps: null,
      repetition: null,
      file: null,
      message: `the inputs ran ${allHashes.size} different scenario specs: compare targets only where the scenario hash matches (see run metadata)`,
    });
  }
  return issues;
}

/** Every issue of the report, errors first, in series/level/repetition order otherwise. */
export function collectReportIssues(data: ReportData): ReportIssue[] {
  const issues = [...fileIssues(data), ...scenarioIssues(data)];
  for (const series of data.series) for (const level of series.levels) issues.push(...levelIssues(series, level));
  return issues.sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'));
}
