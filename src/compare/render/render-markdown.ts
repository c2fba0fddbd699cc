/**
 * GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY` and PR comments: headline, the primary
 * checks table, secondary/advisory checks and notes in <details>. Pure.
 *
 * Source of the layout: docs/gate.md §7, "CI output conventions" (headline verdict, compact
 * primary table, <details> for the rest, stay under the 1 MiB step-summary limit; ✅/❌/➖/⚠️,
 * confidence level and effect tolerance stated).
 */
import type { CheckResult, GateReport, SideSummary } from '../gate/gate-report.ts';
import { formatEffect, formatInterval, formatP, formatRps, formatSideMedian, formatThreshold } from '../gate/metric-format.ts';
import { ruleSummary } from '../gate/rule-summary.ts';
import { verdictEmoji, verdictText } from './verdict-labels.ts';

/**
 * First line of the Markdown: a hidden marker by which a PR-comment step finds and updates its
 * one comment instead of adding a new one per push ("sticky" comments, docs/gate.md §7).
 */
export const STICKY_COMMENT_MARKER = '<!-- meshbench-gate -->';

/** GitHub's step-summary limit is 1 MiB per step (docs/gate.md §7); keep a margin. */
export const STEP_SUMMARY_MAX_BYTES = 1_000_000;

const OUTCOME_EMOJI: Record<GateReport['outcome'], string> = { pass: '✅', regression: '❌', inconclusive: '⚠️', invalid: '⚠️' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function side(s: SideSummary): string {
  const what = s.mesh === 'none' ? s.targetName : `${s.targetName} ${s.version ?? ''}`.trim();
  return `${what}${s.arm ? ` (arm ${s.arm})` : ''}, ${s.files.length} file${s.files.length > 1 ? 's' : ''}, ${s.validRepetitions}/${s.repetitions} valid repetitions`;
}

const HEADER = '| | check | rate | base | head | shift [CI] | p_adj / p | n | verdict |\n|---|---|---|---|---|---|---|---|---|';

function row(check: CheckResult): string {
  const shift = check.shift
    ? `${formatEffect(check.shift.estimate, check.effectUnit)} ${formatInterval(check.shift.lower, check.shift.upper, check.effectUnit)}`
    : '-';
  const p = check.pAdjusted !== null ? formatP(check.pAdjusted) : formatP(check.pWorse);
  const cells = [
    verdictEmoji(check),
    `${check.label} <sub>${check.checkId}, fail ${formatThreshold(check.thresholds.fail, check.effectUnit)}</sub>`,
    formatRps(check.targetRps),
    formatSideMedian(check.base, check.unit),
    formatSideMedian(check.head, check.unit),
    shift,
    p,
    `${check.base.n}/${check.head.n}`,
    check.verdict === 'no-change' && !check.underpowered ? verdictText(check) : `${verdictText(check)}: ${check.reason}`,
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
}

function truncate(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const note = '\n\n_… truncated to stay under the step-summary limit; the JSON output (`--json`) has every check._\n';
  let cut = text.slice(0, maxBytes - note.length * 2);
  while (Buffer.byteLength(cut, 'utf8') > maxBytes - note.length * 2) cut = cut.slice(0, -1000);
  return `${cut.slice(0, cut.lastIndexOf('\n'))}${note}`;
}

/** Renders the report as Markdown, at most `maxBytes` (default {@link STEP_SUMMARY_MAX_BYTES}). */
export function renderMarkdown(report: GateReport, options: { maxBytes?: number } = {}): string {
  const checks = report.levels.flatMap((l) => l.checks);
  const primary = checks.filter((c) => c.role === 'primary' || c.critical);
  const others = checks.filter((c) => !(c.role === 'primary' || c.critical));
  const failing = primary.filter((c) => c.gating && c.verdict === 'regression').length;
  const title =
    report.outcome === 'regression'
      ? `REGRESSION (${failing} of ${report.gate.primaryChecks} primary checks)`
      : report.outcome.toUpperCase();
  const lines = [
    STICKY_COMMENT_MARKER,
    `## meshbench gate: ${OUTCOME_EMOJI[report.outcome]} ${title}`,
    '',
    `**Base** ${side(report.base)} · **Head** ${side(report.head)} · scenario \`${report.base.scenarioName}\` on ${report.base.platform}`,
    '',
    `Rule: ${ruleSummary(report)}; ` +
      `a check fails when significant **and** its Hodges-Lehmann shift reaches the fail threshold; ${Math.round(report.gate.ciLevel * 100)} % intervals (achieved coverage in each verdict) ` +
      `(gate \`${report.gate.name}\`).`,
    '',
    `> ${report.headline}`,
    '',
  ];
  if (primary.length > 0) lines.push(HEADER, ...primary.map(row), '');
  if (others.length > 0) {
    lines.push(`<details><summary>Secondary and advisory checks (${others.length})</summary>`, '', HEADER, ...others.map(row), '', '</details>', '');
  }
  if (report.notes.length > 0) {
    lines.push(`<details><summary>Notes (${report.notes.length})</summary>`, '', ...report.notes.map((n) => `- ${n}`), '', '</details>', '');
  }
  return truncate(`${lines.join('\n')}\n`, options.maxBytes ?? STEP_SUMMARY_MAX_BYTES);
}
