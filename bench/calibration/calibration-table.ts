/** The calibration figures as a small plain-text table with the targets stated. */
import { renderAlignedTable, type TableCell } from '../../src/render/aligned-table.ts';
import type { LevelNoise } from './calibration-pool.ts';
import type { CalibrationRow } from './gate-trials.ts';

/** Targets of the gate (brief; reference/regression-gating.md §0 item 5, §5). */
export const FALSE_ALARM_TARGET = 0.01;
export const POWER_TARGET = 0.9;

function pct(value: number | null, decimals = 1): string {
  return value === null ? '-' : `${(value * 100).toFixed(decimals)} %`;
}

/** One line per level: valid repetitions, p99 median, run-to-run CV and the §2.4 sample size. */
export function renderNoiseLines(noise: readonly LevelNoise[]): string[] {
  return noise.map(
    (n) =>
      `  ${n.targetRps} rps: ${n.count} valid repetitions, p99 median ${(n.p99MedianUs / 1000).toFixed(2)} ms, ` +
      `run-to-run CV ${n.p99CvPct.toFixed(1)} % → about ${n.repsFor90PctPowerAt5Pct} repetitions per side for 90 % power at +5 % (reference §2.4)`,
  );
}

/** The figures per repetition count, with the targets checked at the default count and the first effect. */
export function renderCalibrationTable(options: { rows: readonly CalibrationRow[]; levels: readonly number[]; defaultPerSide: number }): string[] {
  const { rows, levels, defaultPerSide } = options;
  const effects = rows[0]?.power.map((p) => p.effectPct) ?? [];
  const perLevel = levels.length > 1;
  const signed = (v: number | null) => (v === null ? '-' : `${v >= 0 ? '+' : ''}${v.toFixed(1)} %`);
  const header = [
    'reps/side',
    'A/A trials',
    'false alarms',
    '95 % upper',
    'A/A exit 6',
    'A/A p99 p≤0.05',
    ...effects.flatMap((e) => [`power +${e} %`, ...(perLevel ? levels.map((rps) => `@${rps}`) : []), 'HL est.']),
  ].map((text): TableCell => ({ text }));
  const body = rows.map((row): TableCell[] =>
    [
      `${row.perSide}${row.perSide === defaultPerSide ? ' *' : ''}`,
      String(row.aaTrials),
      pct(row.falseAlarmRate, 2),
      pct(row.falseAlarmUpper95, 2),
      pct(row.aaExit6Rate),
      pct(row.aaP99PBelow5Pct),
      ...row.power.flatMap((p) => [pct(p.power), ...(perLevel ? p.powerPerLevel.map((x) => pct(x)) : []), signed(p.meanEstimatedShiftPct)]),
    ].map((text) => ({ text })),
  );
  const lines = renderAlignedTable({ rows: [header, ...body], align: header.map((_, i) => (i === 0 ? 'left' : 'right')), indent: '  ' });
  const effect = effects[0];
  const powerOf = (row: CalibrationRow) => row.power[0]?.power ?? 0;
  const chosen = rows.find((r) => r.perSide === defaultPerSide);
  if (chosen && effect !== undefined) {
    const fa = chosen.falseAlarmRate <= FALSE_ALARM_TARGET ? 'met' : 'NOT met';
    const pw = powerOf(chosen) >= POWER_TARGET ? 'met' : 'NOT met';
    lines.push(
      '',
      `  * default ${defaultPerSide} repetitions per side: false alarms ${pct(chosen.falseAlarmRate, 2)} (target ≤ ${pct(FALSE_ALARM_TARGET, 0)}: ${fa}), ` +
        `power ${pct(powerOf(chosen))} for +${effect} % p99 (target ≥ ${pct(POWER_TARGET, 0)}: ${pw})`,
    );
  }
  const enough = rows.find((r) => powerOf(r) >= POWER_TARGET && r.falseAlarmRate <= FALSE_ALARM_TARGET);
  lines.push(
    enough
      ? `  smallest evaluated repetition count meeting both targets: ${enough.perSide} per side`
      : '  no evaluated repetition count met both targets on this sample',
  );
  return lines;
}
