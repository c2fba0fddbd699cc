/**
 * The report's run-level sections: validity issues (shown first and prominently), run metadata
 * (what ran where, with which versions) and the verification evidence each run recorded. Pure.
 */
import type { ReportData } from '../report-model.ts';
import type { ReportIssue } from '../report-issues.ts';
import { bytesToMib, formatNumber, formatRps } from '../report-format.ts';
import { badge, renderTable, type TableCell } from './html-table.ts';
import { escapeMarkup } from '../svg/svg-markup.ts';
import { describeRunTls } from '../../results/merge-tls-stats.ts';

/** Issues shown inline before the rest fold into a details element. */
const ISSUES_SHOWN = 25;
/** Evidence lines shown before they fold. */
const EVIDENCE_SHOWN = 4;

const KIND_LABEL: Record<ReportIssue['kind'], string> = {
  'invalid-repetition': 'invalid repetition',
  'generator-saturation': 'generator saturation',
  'repetition-warning': 'repetition warning',
  verification: 'verification',
  file: 'result file',
  'scenario-mismatch': 'scenario mismatch',
  pooling: 'pooling',
};

function issueRow(issue: ReportIssue): TableCell[] {
  return [
    issue.severity === 'error' ? badge('ERROR', 'bad') : badge('warning', 'warn'),
    KIND_LABEL[issue.kind],
    issue.series ?? '',
    issue.targetRps === null ? '' : formatRps(issue.targetRps),
    issue.repetition === null ? '' : String(issue.repetition),
    issue.file ?? '',
    issue.message,
  ];
}

function issuesTable(issues: readonly ReportIssue[]): string {
  return renderTable({
    className: 'issues',
    columns: [{ header: 'severity' }, { header: 'kind' }, { header: 'target' }, { header: 'level' }, { header: 'rep' }, { header: 'file' }, { header: 'what' }],
    rows: issues.map(issueRow),
  });
}

function countBy(issues: readonly ReportIssue[], kind: ReportIssue['kind']): number {
  return issues.filter((i) => i.kind === kind).length;
}

const SATURATION_WORDS = /saturat|scheduler lag|late|dropped|agent cpu/i;

/** Repetitions showing generator saturation, whether the run or the report noticed it. */
function saturatedRepetitions(issues: readonly ReportIssue[]): number {
  const keys = issues
    .filter((i) => i.repetition !== null && (i.kind === 'generator-saturation' || SATURATION_WORDS.test(i.message)))
    .map((i) => `${i.file}\u0000${i.series}\u0000${i.targetRps}\u0000${i.repetition}`);
  return new Set(keys).size;
}

/** The validity banner: green when nothing is wrong, else counts and the issue table. */
export function validitySection(issues: readonly ReportIssue[]): string {
  if (issues.length === 0) {
    return '<section id="validity" class="alert ok" aria-labelledby="validity-h"><h2 id="validity-h">Validity</h2><p>✓ Every repetition is valid, the load generator kept up, and every run that promised verification passed it.</p></section>';
  }
  const errors = issues.filter((i) => i.severity === 'error').length;
  const parts = [
    `${countBy(issues, 'invalid-repetition')} invalid repetition(s)`,
    `${saturatedRepetitions(issues)} repetition(s) with signs of generator saturation`,
    `${countBy(issues, 'verification')} verification issue(s)`,
  ];
  const shown = issues.slice(0, ISSUES_SHOWN);
  const rest = issues.slice(ISSUES_SHOWN);
  return [
    `<section id="validity" class="alert ${errors ? 'bad' : 'warn'}" aria-labelledby="validity-h">`,
    `<h2 id="validity-h">${errors ? '⚠ Validity: problems found' : '⚠ Validity: warnings'}</h2>`,
    `<p><strong>${errors} error(s), ${issues.length - errors} warning(s):</strong> ${escapeMarkup(parts.join(', '))}. `,
    'Pooled numbers use valid repetitions only; a level without any is shown for diagnosis and marked invalid. ',
    'Do not compare or publish numbers from invalid repetitions.</p>',
    issuesTable(shown),
    rest.length ? `<details><summary>${rest.length} more</summary>${issuesTable(rest)}</details>` : '',
    '</section>',
  ].join('');
}

function short(text: string | null, length: number): string {
  if (!text) return '–';
  return text.length > length ? text.slice(0, length) : text;
}

/** The TLS the agents negotiated (https:// targets), after the scenario name; empty for http://. */
function tlsNote(r: ReportData['sources'][number]['result']): string {
  const tls = describeRunTls(r.levels.flatMap((l) => l.repetitions));
  return tls ? `<br/><small>https: ${escapeMarkup(tls)}</small>` : '';
}

/** One row per input file: target, versions, platform, scenario + hash, harness, host. */
export function metadataTable(data: ReportData): string {
  const rows: TableCell[][] = data.sources.map(({ path, result: r }) => {
    const version = r.target.version ?? '–';
    const running = r.target.runningVersion && r.target.runningVersion !== r.target.version ? ` (running ${r.target.runningVersion})` : '';
    const arms = [...new Set(r.levels.flatMap((l) => l.repetitions.map((rep) => rep.arm)).filter((a) => a))];
    const k8s = [r.target.kubernetesVersion && `k8s ${r.target.kubernetesVersion}`, r.target.kindVersion && `kind ${r.target.kindVersion}`].filter(Boolean).join(', ');
    const harness = `${r.harness.version}${r.harness.gitSha ? ` (${short(r.harness.gitSha, 9)})` : ''}`;
    const host = `${r.environment.cpuModel} · ${r.environment.cores} cores · ${formatNumber(bytesToMib(r.environment.memoryBytes) / 1024, { significant: 3 })} GiB`;
    return [
      path,
      r.target.name,
      `${r.target.mesh} / ${r.target.mode}`,
      `${version}${running}${arms.length ? `; arms ${arms.join(', ')}` : ''}`,
      r.target.platform + (k8s ? ` (${k8s})` : ''),
      { html: `${escapeMarkup(r.scenario.name)} <code title="${escapeMarkup(r.scenario.contentHash)}">${escapeMarkup(short(r.scenario.contentHash.replace(/^sha256:/, ''), 12))}</code>${tlsNote(r)}` },
      harness,
      host,
      r.environment.kernel,
      r.createdAt,
      r.status === 'complete' ? r.status : badge(r.status, r.status === 'running' ? 'warn' : 'bad'),
    ];
  });
  return renderTable({
    className: 'meta',
    columns: [
      { header: 'file' },
      { header: 'target' },
      { header: 'mesh / mode' },
      { header: 'mesh version' },
      { header: 'platform' },
      { header: 'scenario + hash' },
      { header: 'harness' },
      { header: 'host CPU' },
      { header: 'kernel' },
      { header: 'created' },
      { header: 'status' },
    ],
    rows,
  });
}

function evidenceMarkup(lines: readonly string[]): string {
  if (lines.length === 0) return '<span class="none">no evidence recorded</span>';
  const pre = (ls: readonly string[]) => `<pre>${escapeMarkup(ls.join('\n'))}</pre>`;
  if (lines.length <= EVIDENCE_SHOWN) return pre(lines);
  return `${pre(lines.slice(0, EVIDENCE_SHOWN))}<details><summary>${lines.length - EVIDENCE_SHOWN} more line(s)</summary>${pre(lines.slice(EVIDENCE_SHOWN))}</details>`;
}

/** What each run checked before measuring (enrolment, mTLS) and the evidence it kept. */
export function verificationSection(data: ReportData): string {
  return data.sources
    .map(({ path, result: r }) => {
      const v = r.verification;
      const status = v.skipped ? badge('skipped', 'warn') : v.verified ? badge('✓ verified', 'ok') : badge('✗ NOT verified', 'bad');
      const statusHtml = typeof status === 'string' ? escapeMarkup(status) : status.html;
      const table = renderTable({
        columns: [{ header: 'check' }, { header: 'result' }, { header: 'evidence' }],
        rows: v.checks.map((c) => [c.name, c.passed ? badge('passed', 'ok') : badge('FAILED', 'bad'), { html: evidenceMarkup(c.evidence) }]),
      });
      return `<div class="verification"><h3>${escapeMarkup(r.target.name)} <small>${escapeMarkup(path)}</small> ${statusHtml}</h3>${table}</div>`;
    })
    .join('\n');
}
