/**
 * Pools result files into the report's model: one series per target variant (target name, mesh
 * version or A/B arm, platform), one pooled level per target rate. Several files of the same
 * variant are pooled per level: latency histograms are merged across the valid repetitions
 * (pooled percentiles, for display) and per-repetition values are summarised by their median
 * (docs/methodology.md "The repetition is the sample"). Pure: result objects in, plain data out. The model's types
 * are in report-model.ts, the pooling of one level in pooled-level.ts.
 */
import type { ResultFile } from '../results/result-schema.ts';
import { poolLevel } from './pooled-level.ts';
import type { PooledLevel, RepetitionRef, ReportData, ReportSeries, ReportSource } from './report-model.ts';

interface SeriesIdentity {
  targetName: string;
  mesh: string;
  mode: string;
  version: string | null;
  platform: ResultFile['target']['platform'];
}

interface SeriesAccumulator {
  identity: SeriesIdentity;
  sources: ReportSource[];
  levels: Map<number, RepetitionRef[]>;
}

function identityOf(result: ResultFile, arm: string): SeriesIdentity {
  const t = result.target;
  return { targetName: t.name, mesh: t.mesh, mode: t.mode, version: arm || t.version, platform: t.platform };
}

function keyOf(identity: SeriesIdentity): string {
  return JSON.stringify([identity.targetName, identity.version, identity.platform]);
}

function baseLabel(identity: SeriesIdentity): string {
  return identity.version ? `${identity.targetName} ${identity.version}` : identity.targetName;
}

/** Labels unique within the report: the platform is added only where it tells series apart. */
function assignLabels(identities: readonly SeriesIdentity[]): string[] {
  const counts = new Map<string, number>();
  for (const id of identities) counts.set(baseLabel(id), (counts.get(baseLabel(id)) ?? 0) + 1);
  return identities.map((id) => {
    const base = baseLabel(id);
    return (counts.get(base) ?? 0) > 1 ? `${base} (${id.platform})` : base;
  });
}

/**
 * Pools result files into series and levels. Series are ordered baselines first, then in the
 * order their first file was given; levels ascend by target rate.
 */
export function buildReportData(sources: readonly ReportSource[]): ReportData {
  const accumulators = new Map<string, SeriesAccumulator>();
  const touch = (identity: SeriesIdentity, source: ReportSource): SeriesAccumulator => {
    const key = keyOf(identity);
    let acc = accumulators.get(key);
    if (!acc) {
      acc = { identity, sources: [], levels: new Map() };
      accumulators.set(key, acc);
    }
    if (!acc.sources.includes(source)) acc.sources.push(source);
    return acc;
  };

  for (const source of sources) {
    let sawRepetition = false;
    for (const level of source.result.levels) {
      for (const repetition of level.repetitions) {
        sawRepetition = true;
        const acc = touch(identityOf(source.result, repetition.arm), source);
        const refs = acc.levels.get(level.targetRps) ?? [];
        refs.push({ source, repetition });
        acc.levels.set(level.targetRps, refs);
      }
    }
    // A file that measured nothing still belongs in the metadata and warnings.
    if (!sawRepetition) touch(identityOf(source.result, ''), source);
  }

  // A target without a proxy is the baseline: mesh `none`, or the netns targets' `baseline` mode.
  const noProxy = (i: { mesh: string; mode: string }) => i.mesh === 'none' || (i.mesh === 'netns' && i.mode === 'baseline');
  const ordered = [...accumulators.values()].sort((a, b) => Number(noProxy(b.identity)) - Number(noProxy(a.identity)));
  const labels = assignLabels(ordered.map((a) => a.identity));
  const series = ordered.map((acc, i): ReportSeries => ({
    id: `s${i}`,
    label: labels[i] ?? baseLabel(acc.identity),
    ...acc.identity,
    isBaseline: noProxy(acc.identity),
    sources: acc.sources,
    scenarioHashes: [...new Set(acc.sources.map((s) => s.result.scenario.contentHash))],
    scenarioNames: [...new Set(acc.sources.map((s) => s.result.scenario.name))],
    levels: [...acc.levels.entries()].sort(([a], [b]) => a - b).map(([rps, refs]) => poolLevel(rps, refs)),
  }));
  const levelRps = [...new Set(series.flatMap((s) => s.levels.map((l) => l.targetRps)))].sort((a, b) => a - b);
  return { sources: [...sources], series, levelRps };
}

/** The pooled level of a series at a target rate, if measured. */
export function levelAt(series: ReportSeries, targetRps: number): PooledLevel | undefined {
  return series.levels.find((l) => l.targetRps === targetRps);
}
