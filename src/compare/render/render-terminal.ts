/**
 * The terminal table of `bench compare`: one aligned table per level, the reason of every
 * check that is not a plain "no change", notes and the headline. Colour only when asked
 * (the CLI asks on a TTY without NO_COLOR). Pure.
 */
import { type Alignment, renderAlignedTable, type TableCell } from '../../render/aligned-table.ts';
import type { CheckResult, GateReport, LevelResult, SideSummary } from '../gate/gate-report.ts';
import { formatEffect, formatInterval, formatP, formatRps, formatSideMedian } from '../gate/metric-format.ts';
import { checkName } from '../gate/outcome-headline.ts';
import { ruleSummary } from '../gate/rule-summary.ts';
import { MARKER_LEGEND, verdictMarker, verdictText } from './verdict-labels.ts';

type Paint = (text: string) => string;

interface Palette {
  red: Paint;
  yellow: Paint;
  green: Paint;
  dim: Paint;
  bold: Paint;
}

const ansi = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const COLOR: Palette = { red: ansi(31, 39), yellow: ansi(33, 39), green: ansi(32, 39), dim: ansi(2, 22), bold: ansi(1, 22) };
const identity: Paint = (text) => text;
const PLAIN: Palette = { red: identity, yellow: identity, green: identity, dim: identity, bold: identity };

function paintOf(check: CheckResult, palette: Palette): Paint {
  if (check.verdict === 'regression') return check.gating ? palette.red : palette.yellow;
  if (check.verdict === 'invalid' || check.verdict === 'inconclusive') return check.gating ? palette.yellow : palette.dim;
  if (check.verdict === 'improvement') return palette.green;
  return identity;
}

function describeSide(side: SideSummary): string {
  const what = side.mesh === 'none' ? side.targetName : `${side.targetName} ${side.version ?? ''}`.trim();
  const arm = side.arm ? ` arm ${side.arm}` : '';
  const files = side.files.length === 1 ? side.files[0] : `${side.files.length} files`;
  return `${what}${arm} (${files}; ${side.validRepetitions}/${side.repetitions} valid repetitions)`;
}

const HEADER = ['', 'check', 'role', 'base', 'head', 'change', 'HL shift [CI]', 'p', 'p_adj', 'n', 'verdict'];
const ALIGN: Alignment[] = ['left', 'left', 'left', 'right', 'right', 'right', 'left', 'right', 'right', 'right', 'left'];

function checkRow(check: CheckResult, palette: Palette): TableCell[] {
  const paint = paintOf(check, palette);
  const shift = check.shift
    ? `${formatEffect(check.shift.estimate, check.effectUnit)} ${formatInterval(check.shift.lower, check.shift.upper, check.effectUnit)}`
    : '-';
  return [
    { text: verdictMarker(check), style: paint },
    { text: check.checkId },
    { text: check.role, style: check.role === 'advisory' ? palette.dim : undefined },
    { text: formatSideMedian(check.base, check.unit) },
    { text: formatSideMedian(check.head, check.unit) },
    { text: formatEffect(check.medianChange, check.effectUnit) },
    { text: shift },
    { text: formatP(check.pWorse) },
    { text: formatP(check.pAdjusted) },
    { text: `${check.base.n}/${check.head.n}` },
    { text: verdictText(check), style: paint },
  ];
}

function renderLevel(level: LevelResult, palette: Palette): string[] {
  const lines = [
    palette.bold(`level ${formatRps(level.targetRps)}`) +
      `  base ${level.base.valid}/${level.base.total} valid, head ${level.head.valid}/${level.head.total} valid`,
  ];
  if (level.checks.length === 0) return [...lines, '  (no checks at this level)'];
  const header: TableCell[] = HEADER.map((text) => ({ text, style: palette.dim }));
  lines.push(...renderAlignedTable({ rows: [header, ...level.checks.map((c) => checkRow(c, palette))], align: ALIGN, indent: '  ' }));
  // One line per reason: a level-wide problem (e.g. too many invalid repetitions) is said once.
  const byReason = new Map<string, CheckResult[]>();
  for (const check of level.checks) {
    // A pass is silent, unless it was accepted although this setup cannot see the MDE: say what it rules out.
    if (check.verdict === 'no-change' && !check.underpowered) continue;
    byReason.set(check.reason, [...(byReason.get(check.reason) ?? []), check]);
  }
  for (const [reason, checks] of byReason) {
    const first = checks[0] as CheckResult;
    const names = checks.length === 1 ? checkName(first) : `${checks.map((c) => c.label).join(', ')} @ ${formatRps(level.targetRps)}`;
    lines.push(`    ${paintOf(first, palette)(verdictMarker(first))} ${names}: ${reason}`);
  }
  return lines;
}

/** Renders the report for a terminal; `color` adds ANSI colours. */
export function renderTerminal(report: GateReport, options: { color: boolean }): string {
  const palette = options.color ? COLOR : PLAIN;
  const lines = [
    `base: ${describeSide(report.base)}`,
    `head: ${describeSide(report.head)}`,
    `scenario ${report.base.scenarioName} (${report.base.scenarioHash.replace(/^sha256:/, '').slice(0, 12)}) on ${report.base.platform}; ` +
      `gate ${report.gate.name} (${report.gate.file}): ${ruleSummary(report)}, ${Math.round(report.gate.ciLevel * 100)} % Hodges-Lehmann intervals`,
    palette.dim(MARKER_LEGEND),
    '',
  ];
  for (const level of report.levels) lines.push(...renderLevel(level, palette), '');
  if (report.notes.length > 0) {
    lines.push('notes:', ...report.notes.map((n) => `  - ${n}`), '');
  }
  const paint = report.outcome === 'pass' ? palette.green : report.outcome === 'regression' ? palette.red : palette.yellow;
  lines.push(palette.bold(paint(report.headline)));
  return `${lines.join('\n')}\n`;
}
