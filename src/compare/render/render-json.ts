/**
 * The gate report as JSON (`--json`): the GateReport object itself, versioned by
 * `formatVersion`. Pure.
 */
import type { GateReport } from '../gate/gate-report.ts';

/** Renders the report as pretty JSON with a trailing newline. */
export function renderJson(report: GateReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
