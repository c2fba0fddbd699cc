/**
 * The report's measurement tables: the per-target/level summary, latency added over baseline,
 * resources per component and every repetition. These are also the accessible alternative to
 * the charts: every plotted number appears in a table. Pure.
 */
import type { SeriesDelta } from '../baseline-delta.ts';
import { DELTA_PERCENTILES } from '../baseline-delta.ts';
import type { SeriesStyle } from '../svg/chart-palette.ts';
import type { ReportData, ReportSeries } from '../report-model.ts';
import { bytesToMib, formatNumber, formatShareAsPct, formatSigned, formatUsAsMs, usToMs } from '../report-format.ts';
import { badge, renderTable, type TableCell } from './html-table.ts';
import { escapeMarkup } from '../svg/svg-markup.ts';

function validityCell(valid: number, total: number, pooledFrom: string): TableCell {
  const text = `${valid}/${total}`;
  if (pooledFrom === 'invalid' || valid === 0) return badge(`${text} invalid`, 'bad');
  return valid < total ? badge(`${text}`, 'warn') : text;
}

/** A series label with its chart colour swatch. */
export function seriesCell(series: ReportSeries, styles: ReadonlyMap<string, SeriesStyle>): TableCell {
  const color = styles.get(series.id)?.color ?? '#000000';
  return { html: `<span class="swatch" style="background:${color}" aria-hidden="true"></span>${escapeMarkup(series.label)}` };
}

/** One row per series × level with the headline numbers. */
export function summaryTable(data: ReportData, styles: ReadonlyMap<string, SeriesStyle>): string {
  const rows: TableCell[][] = [];
  for (const series of data.series) {
    for (const level of series.levels) {
      const l = level.latency;
      rows.push([
        seriesCell(series, styles),
        series.platform,
        formatNumber(level.targetRps, { significant: 4 }),
        formatNumber(level.achievedRpsMedian, { significant: 4 }),
        validityCell(level.validRepetitions, level.repetitions.length, level.pooledFrom),
        formatUsAsMs(l?.p50Us),
        formatUsAsMs(l?.p90Us),
        formatUsAsMs(l?.p99Us),
        formatUsAsMs(l?.p999Us),
        formatUsAsMs(l?.maxUs),
        level.errorPctMedian === null ? '–' : `${formatNumber(level.errorPctMedian, { significant: 2 })}`,
        formatNumber(level.dataPlaneVcpuPer1kRpsMedian),
        level.dataPlaneMemoryPerInstanceBytesMedian === null ? '–' : formatNumber(bytesToMib(level.dataPlaneMemoryPerInstanceBytesMedian)),
        formatNumber(level.hostCoreSecondsPer1kRequestsMedian),
      ]);
    }
  }
  return renderTable({
    className: 'summary',
    columns: [
      { header: 'target' },
      { header: 'platform' },
      { header: 'target rps', numeric: true },
      { header: 'achieved rps', numeric: true, hint: 'median over repetitions' },
      { header: 'valid reps', numeric: true },
      { header: 'p50 ms', numeric: true, hint: 'pooled: merged histograms of the valid repetitions' },
      { header: 'p90 ms', numeric: true },
      { header: 'p99 ms', numeric: true },
      { header: 'p99.9 ms', numeric: true },
      { header: 'max ms', numeric: true },
      { header: 'errors %', numeric: true, hint: 'median over repetitions' },
      { header: 'data-plane vCPU / 1k rps', numeric: true, hint: 'median over repetitions' },
      { header: 'MiB / proxy', numeric: true, hint: 'median over repetitions of the average per data-plane instance' },
      { header: 'host core-s / 1k req', numeric: true, hint: 'median over repetitions' },
    ],
    rows,
  });
}

/** Latency added over baseline, one row per target × level. */
export function baselineDeltaTable(deltas: readonly SeriesDelta[]): string {
  const rows: TableCell[][] = [];
  for (const d of deltas) {
    for (const level of d.levels) {
      rows.push([
        d.series.label,
        d.baseline.label + (d.caveat ? ` (${d.caveat})` : ''),
        formatNumber(level.targetRps, { significant: 4 }),
        ...DELTA_PERCENTILES.map((p): TableCell => {
          const delta = level.deltas.find((x) => x.percentile === p.label);
          if (!delta) return '–';
          const rel = delta.relative === null ? '' : ` (${formatSigned(delta.relative * 100, { significant: 2 })}%)`;
          return `${formatSigned(usToMs(delta.addedUs))}${rel}`;
        }),
        level.fromInvalid ? badge('invalid data', 'bad') : '',
      ]);
    }
  }
  return renderTable({
    columns: [
      { header: 'target' },
      { header: 'baseline' },
      { header: 'target rps', numeric: true },
      ...DELTA_PERCENTILES.map((p) => ({ header: `+${p.label} ms`, numeric: true })),
      { header: '' },
    ],
    rows,
  });
}

/** Resources per component (all roles), one row per series × level × component. */
export function componentTable(data: ReportData): string {
  const rows: TableCell[][] = [];
  for (const series of data.series) {
    for (const level of series.levels) {
      for (const c of level.components) {
        rows.push([
          series.label,
          formatNumber(level.targetRps, { significant: 4 }),
          c.component,
          c.role,
          String(c.instances),
          formatNumber(c.vcpuMedian),
          formatNumber(c.vcpuPer1kRpsMedian),
          c.memoryPerInstanceAvgBytesMedian === null ? '–' : formatNumber(bytesToMib(c.memoryPerInstanceAvgBytesMedian)),
          c.memoryMaxBytesMax === null ? '–' : formatNumber(bytesToMib(c.memoryMaxBytesMax)),
          c.source,
        ]);
      }
    }
  }
  return renderTable({
    columns: [
      { header: 'target' },
      { header: 'target rps', numeric: true },
      { header: 'component' },
      { header: 'role' },
      { header: 'instances', numeric: true },
      { header: 'vCPU', numeric: true, hint: 'median over repetitions' },
      { header: 'vCPU / 1k rps', numeric: true },
      { header: 'MiB / instance (avg)', numeric: true },
      { header: 'MiB max (all instances)', numeric: true },
      { header: 'counter source' },
    ],
    rows,
  });
}

/** Every repetition with its validity, generator health and reasons. */
export function repetitionTable(data: ReportData): string {
  const rows: TableCell[][] = [];
  for (const series of data.series) {
    for (const level of series.levels) {
      for (const { source, repetition: r } of level.repetitions) {
        const notes = [...r.invalidReasons, ...r.warnings].join('; ');
        rows.push([
          series.label,
          formatNumber(level.targetRps, { significant: 4 }),
          String(r.index),
          r.arm,
          source.path,
          r.valid ? badge('valid', 'ok') : badge('INVALID', 'bad'),
          formatNumber(r.achievedRps, { significant: 4 }),
          formatNumber(r.errorPct, { significant: 2 }),
          formatUsAsMs(r.latency.p50Us),
          formatUsAsMs(r.latency.p99Us),
          formatUsAsMs(r.serviceTime.p99Us),
          formatUsAsMs(r.generator.schedulerLagUs.p99),
          formatNumber(r.generator.lateSends),
          formatNumber(Math.max(r.generator.dropped, r.requests.dropped)),
          formatShareAsPct(r.generator.cpuUtilization),
          notes,
        ]);
      }
    }
  }
  return renderTable({
    className: 'reps',
    columns: [
      { header: 'target' },
      { header: 'target rps', numeric: true },
      { header: 'rep', numeric: true },
      { header: 'arm' },
      { header: 'file' },
      { header: 'valid' },
      { header: 'achieved rps', numeric: true },
      { header: 'errors %', numeric: true },
      { header: 'p50 ms', numeric: true },
      { header: 'p99 ms', numeric: true },
      { header: 'service p99 ms', numeric: true, hint: 'from the actual send time (not corrected for coordinated omission)' },
      { header: 'sched. lag p99 ms', numeric: true },
      { header: 'late sends', numeric: true },
      { header: 'dropped', numeric: true },
      { header: 'agent CPU', numeric: true, hint: 'share of one core' },
      { header: 'reasons / warnings' },
    ],
    rows,
  });
}
