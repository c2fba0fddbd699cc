/**
 * GitHub Actions annotations for the gate (`bench compare --annotations`): one `::error` line per
 * failing gating check and one `::warning` per inconclusive or invalid one, so the verdict shows
 * on the run's summary page and the PR's checks tab. GitHub shows at most 10 annotations of a
 * kind per step (docs/gate.md §7, "CI output conventions"): the rest are folded into the last
 * line. Pure.
 */
import type { CheckResult, GateReport } from '../gate/gate-report.ts';
import { describeCheck } from '../gate/outcome-headline.ts';

/** GitHub's limit of annotations of one kind per step. */
export const MAX_ANNOTATIONS = 10;

/** Escapes a workflow-command message (GitHub's toolkit: %, CR, LF). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value (data escapes plus `:` and `,`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function lines(kind: 'error' | 'warning', checks: readonly CheckResult[], title: (c: CheckResult) => string): string[] {
  const shown = checks.length > MAX_ANNOTATIONS ? checks.slice(0, MAX_ANNOTATIONS - 1) : checks;
  const out = shown.map((c) => `::${kind} title=${escapeProperty(title(c))}::${escapeData(describeCheck(c))}`);
  if (shown.length < checks.length) {
    const rest = checks.slice(shown.length);
    out.push(`::${kind} title=${escapeProperty(`meshbench gate: ${rest.length} more`)}::${escapeData(rest.map(describeCheck).join('\n'))}`);
  }
  return out;
}

/** The annotation lines for a report (empty when the gate passes cleanly). */
export function renderAnnotations(report: GateReport): string {
  const gating = report.levels.flatMap((l) => l.checks).filter((c) => c.gating);
  const failing = gating.filter((c) => c.verdict === 'regression');
  const doubtful = gating.filter((c) => c.verdict === 'inconclusive' || c.verdict === 'invalid');
  const out = [
    ...lines('error', failing, (c) => `meshbench gate: regression in ${c.checkId}`),
    ...lines('warning', doubtful, (c) => `meshbench gate: ${c.verdict} ${c.checkId}`),
  ];
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
