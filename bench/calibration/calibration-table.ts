/** The calibration figures as plain-text tables, with the targets stated. */
import { renderAlignedTable, type TableCell } from '../../src/render/aligned-table.ts';
import { type Batch, dataPlaneUsPerRequest, median, medianPairRatio } from './batch-pairs.ts';
import type { GateTally, ResampleResult } from './gate-resampling.ts';

/** Targets of the gate on real local runs. */
export const TARGETS = { aaPass: 0.9, falseAlarms: 0.01, detection: 0.9 };

/** One measured batch's resampled gates. */
export interface BatchFigures {
  label: string;
  batch: Batch;
  /** null for A/A. */
  injectedMetric: string | null;
  rows: ResampleResult[];
}

function per100(n: number, of: number): string {
  return of === 0 ? '-' : ((100 * n) / of).toFixed(1);
}

function outcomes(t: GateTally): string {
  return `${per100(t.pass, t.gates)} / ${per100(t.regression, t.gates)} / ${per100(t.inconclusive + t.invalid, t.gates)}`;
}

/** SD of ln(x) across values, as %. */
function logSdPct(values: readonly number[]): number | null {
  const logs = values.filter((v) => v > 0).map(Math.log);
  if (logs.length < 2) return null;
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  return 100 * Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
}

function fmt(value: number | null, digits = 1, suffix = ''): string {
  return value === null ? '-' : `${value.toFixed(digits)}${suffix}`;
}

/** Per batch: windows kept, medians, the effect measured in pairs, and the noise paired vs unpaired. */
export function renderBatchLines(figures: readonly BatchFigures[]): string[] {
  const header = ['batch', 'pairs', 'dropped', 'p99 base', 'p99 head/base', 'DP µs/req base', 'DP head/base', 'sd ln p99 (arm)', 'sd ln p99 ratio (pairs)'];
  const rows = figures.map((f) => {
    const { pairs } = f.batch;
    const baseP99 = median(pairs.map((p) => p.base.latency.p99Us));
    const baseDp = median(pairs.map((p) => dataPlaneUsPerRequest(p.base)).filter((v): v is number => v !== null));
    const p99Ratio = medianPairRatio(pairs, (r) => r.latency.p99Us);
    const dpRatio = medianPairRatio(pairs, dataPlaneUsPerRequest);
    const logRatios = pairs.map((p) => p.head.latency.p99Us / Math.max(1, p.base.latency.p99Us));
    return [
      f.label,
      String(pairs.length),
      String(f.batch.dropped.length),
      baseP99 === null ? '-' : `${(baseP99 / 1000).toFixed(2)} ms`,
      fmt(p99Ratio, 3),
      fmt(baseDp, 0),
      fmt(dpRatio, 3),
      fmt(logSdPct(pairs.map((p) => p.base.latency.p99Us)), 1, ' %'),
      fmt(logSdPct(logRatios), 1, ' %'),
    ];
  });
  const cells = [header, ...rows].map((r) => r.map((text): TableCell => ({ text })));
  return renderAlignedTable({ rows: cells, align: header.map((_, i) => (i === 0 ? 'left' : 'right')), indent: '  ' });
}

/**
 * The knobs' effect over every round, valid or not (generator-saturated windows included): on a
 * machine too busy for valid windows this still shows whether the injected CPU reached the
 * counters. Not gate input.
 */
export function renderAllWindowLines(figures: readonly BatchFigures[]): string[] {
  const header = ['batch', 'rounds', 'valid windows', 'p99 head/base', 'DP µs/req base', 'DP µs/req head', 'DP head/base'];
  const rows = figures.map((f) => {
    const all = f.batch.allPairs;
    const valid = all.reduce((n, p) => n + (p.base.valid ? 1 : 0) + (p.head.valid ? 1 : 0), 0);
    const dp = (side: 'base' | 'head') => median(all.map((p) => dataPlaneUsPerRequest(p[side])).filter((v): v is number => v !== null));
    return [
      f.label,
      String(all.length),
      `${valid}/${2 * all.length}`,
      fmt(medianPairRatio(all, (r) => r.latency.p99Us), 3),
      fmt(dp('base'), 0),
      fmt(dp('head'), 0),
      fmt(medianPairRatio(all, dataPlaneUsPerRequest), 3),
    ];
  });
  const cells = [header, ...rows].map((r) => r.map((text): TableCell => ({ text })));
  return renderAlignedTable({ rows: cells, align: header.map((_, i) => (i === 0 ? 'left' : 'right')), indent: '  ' });
}

/** Per 100 gates, pass / regression / inconclusive, paired and unpaired, per batch and reps per side. */
export function renderGateTable(figures: readonly BatchFigures[]): string[] {
  const header = ['batch', 'reps/side', 'gates', 'paired: pass / regr / inc', 'detected', 'unpaired: pass / regr / inc', 'detected'];
  const rows: string[][] = [];
  for (const f of figures) {
    for (const row of f.rows) {
      rows.push([
        f.label,
        String(row.perSide),
        String(row.paired.gates),
        outcomes(row.paired),
        row.paired.detected === null ? '-' : `${per100(row.paired.detected, row.paired.gates)} %`,
        outcomes(row.unpaired),
        row.unpaired.detected === null ? '-' : `${per100(row.unpaired.detected, row.unpaired.gates)} %`,
      ]);
    }
  }
  const cells = [header, ...rows].map((r) => r.map((text): TableCell => ({ text })));
  return renderAlignedTable({ rows: cells, align: header.map((_, i) => (i === 0 ? 'left' : 'right')), indent: '  ' });
}

/** The targets checked on the largest repetition count, per analysis. */
export function renderTargetLines(figures: readonly BatchFigures[]): string[] {
  const lines: string[] = [];
  for (const analysis of ['paired', 'unpaired'] as const) {
    const parts: string[] = [];
    if (figures.every((f) => f.rows.length === 0)) continue;
    for (const f of figures) {
      const row = f.rows.at(-1);
      if (!row) continue;
      const t = row[analysis];
      if (f.injectedMetric === null) {
        const pass = t.pass / Math.max(1, t.gates);
        const alarms = t.regression / Math.max(1, t.gates);
        parts.push(`A/A pass ${(100 * pass).toFixed(1)} % (target ≥ 90 %: ${pass >= TARGETS.aaPass ? 'met' : 'NOT met'})`);
        parts.push(`false alarms ${(100 * alarms).toFixed(1)} % (target ≤ 1 %: ${alarms <= TARGETS.falseAlarms ? 'met' : 'NOT met'})`);
      } else {
        const detected = (t.detected ?? 0) / Math.max(1, t.gates);
        parts.push(`${f.label} detected ${(100 * detected).toFixed(1)} % (target ≥ 90 %: ${detected >= TARGETS.detection ? 'met' : 'NOT met'})`);
      }
    }
    const reps = figures[0]?.rows.at(-1)?.perSide ?? 0;
    lines.push(`  ${analysis}, ${reps} reps/side: ${parts.join('; ')}`);
  }
  return lines;
}
