/**
 * Published claims (claims/published.yaml) beside what the report measured. Each claim is matched
 * to a measured series: the same mesh and mode, or else the local emulation of the same
 * architecture (the haproxy sidecar pair or netns sidecar for a sidecar claim, the netns node
 * proxy for ambient). Then its conditions are compared: mesh, version, rate, payload,
 * connections, mTLS, proxy workers. A claim is "reproduced" or "not reproduced" only when every
 * published condition matches; otherwise it is "not comparable", with the differences listed.
 * A claim is never shown as a measurement. Pure.
 *
 * Tolerance: a range claim is reproduced when the measured value lies in it, a single value when
 * the measurement is within ±25 % of it (docs/capability-matrix.md "Published claims").
 */
import type { Claim, ClaimMetric } from '../config/claims-schema.ts';
import { computeBaselineDeltas } from './baseline-delta.ts';
import type { PooledLevel, ReportData, ReportSeries } from './report-model.ts';

/** Relative tolerance around a single published value. */
export const CLAIM_TOLERANCE = 0.25;
const BYTES_PER_MB = 1_000_000;

export type ClaimVerdict = 'reproduced' | 'not reproduced' | 'not comparable' | 'nothing measured';

/** One claim with the measurement set beside it. */
export interface ClaimCheck {
  claim: Claim;
  /** The series compared, if any. */
  seriesLabel: string | null;
  /** The rate level whose value is shown. */
  targetRps: number | null;
  /** The measured value in the claim's unit, or null. */
  measured: number | null;
  /** Conditions that differ between the claim and the measurement (empty = comparable). */
  differences: string[];
  verdict: ClaimVerdict;
}

/** Modes of the local emulations that stand for a claim's architecture. */
const ANALOGUES: Record<Claim['mode'], Array<{ mesh: string; mode: string }>> = {
  sidecar: [
    { mesh: 'haproxy', mode: 'sidecar-pair' },
    { mesh: 'netns', mode: 'sidecar' },
  ],
  ambient: [{ mesh: 'netns', mode: 'node-proxy' }],
  waypoint: [],
  ebpf: [],
};

function candidateSeries(data: ReportData, claim: Claim): { series: ReportSeries; exact: boolean } | null {
  const exact = data.series.find((s) => s.mesh === claim.mesh && s.mode === claim.mode);
  if (exact) return { series: exact, exact: true };
  const analogue = data.series.find((s) => ANALOGUES[claim.mode].some((a) => a.mesh === s.mesh && a.mode === s.mode));
  return analogue ? { series: analogue, exact: false } : null;
}

/** The scenario fields of the series' first file, as recorded in the result. */
function scenarioFacts(series: ReportSeries): { payloadBytes: number | null; connections: number | null; mtls: string | null } {
  const spec = series.sources[0]?.result.scenario.spec ?? {};
  const record = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const number = (v: unknown) => (typeof v === 'number' ? v : null);
  const mtls = record(spec['features'])['mtls'];
  return {
    payloadBytes: number(record(spec['workload'])['responseBytes']),
    connections: number(record(spec['load'])['connections']),
    mtls: typeof mtls === 'string' ? mtls : null,
  };
}

function versionMatches(claimed: string, measured: string | null): boolean {
  if (claimed === 'unstated' || measured === null) return false;
  const prefix = claimed.split('.').slice(0, 2).join('.');
  return measured === claimed || measured.startsWith(`${prefix}.`) || measured === prefix;
}

/** The level to show: the claim's rate when measured, else the nearest. */
function levelFor(series: ReportSeries, rps: number | undefined): PooledLevel | null {
  if (series.levels.length === 0) return null;
  if (rps === undefined) return series.levels[series.levels.length - 1] ?? null;
  return [...series.levels].sort((a, b) => Math.abs(a.targetRps - rps) - Math.abs(b.targetRps - rps))[0] ?? null;
}

/** Data-plane instances metered at a level (the most seen in one repetition). */
function proxiesAt(level: PooledLevel): number {
  return level.components.filter((c) => c.role === 'data-plane').reduce((n, c) => n + c.instances, 0);
}

function measuredValue(options: { data: ReportData; series: ReportSeries; level: PooledLevel; metric: ClaimMetric }): number | null {
  const { data, series, level, metric } = options;
  switch (metric) {
    case 'added-latency-p50-ms':
    case 'added-latency-p90-ms':
    case 'added-latency-p99-ms': {
      const percentile = metric.split('-')[2] as 'p50' | 'p90' | 'p99';
      const delta = computeBaselineDeltas(data)
        .find((d) => d.series.id === series.id)
        ?.levels.find((l) => l.targetRps === level.targetRps)
        ?.deltas.find((d) => d.percentile === percentile);
      return delta ? delta.addedUs / 1000 : null;
    }
    case 'vcpu-per-1k-rps-per-proxy': {
      const proxies = proxiesAt(level);
      return level.dataPlaneVcpuPer1kRpsMedian === null || proxies === 0 ? null : level.dataPlaneVcpuPer1kRpsMedian / proxies;
    }
    case 'memory-per-proxy-mb':
      return level.dataPlaneMemoryPerInstanceBytesMedian === null ? null : level.dataPlaneMemoryPerInstanceBytesMedian / BYTES_PER_MB;
  }
}

function differencesOf(options: { claim: Claim; series: ReportSeries; exact: boolean; level: PooledLevel }): string[] {
  const { claim, series, exact, level } = options;
  const c = claim.conditions;
  const facts = scenarioFacts(series);
  const out: string[] = [];
  if (!exact) out.push(`mesh: measured ${series.mesh} ${series.mode} (a local emulation of the architecture), claim ${claim.mesh} ${claim.mode}`);
  else if (!versionMatches(claim.version, series.version)) out.push(`version: measured ${series.version ?? 'unknown'}, claim ${claim.version}`);
  if (c.rps !== undefined && c.rps !== level.targetRps) out.push(`rate: measured ${level.targetRps} rps, claim ${c.rps} rps`);
  if (c.payloadBytes !== undefined && facts.payloadBytes !== c.payloadBytes) out.push(`payload: measured ${facts.payloadBytes ?? 'unknown'} B responses, claim ${c.payloadBytes} B`);
  if (c.connections !== undefined && facts.connections !== c.connections) out.push(`connections: measured ${facts.connections ?? 'unknown'}, claim ${c.connections}`);
  if (c.mtls !== undefined && (facts.mtls === 'strict') !== c.mtls) out.push(`mTLS: measured ${facts.mtls ?? 'unknown'}, claim ${c.mtls ? 'on' : 'off'}`);
  if (claim.version === 'unstated') out.push('the claim states no version or test setup');
  return out;
}

function withinClaim(claim: Claim, measured: number): boolean {
  if (typeof claim.value === 'number') return Math.abs(measured - claim.value) <= claim.value * CLAIM_TOLERANCE;
  return measured >= claim.value.min && measured <= claim.value.max;
}

/** Every claim with the measurement beside it, in file order. */
export function checkClaims(data: ReportData, claims: readonly Claim[]): ClaimCheck[] {
  return claims.map((claim): ClaimCheck => {
    const candidate = candidateSeries(data, claim);
    const level = candidate ? levelFor(candidate.series, claim.conditions.rps) : null;
    if (!candidate || !level) {
      return { claim, seriesLabel: null, targetRps: null, measured: null, differences: [`no ${claim.mesh} ${claim.mode} target (or local emulation of it) among the inputs`], verdict: 'nothing measured' };
    }
    const measured = measuredValue({ data, series: candidate.series, level, metric: claim.metric });
    const differences = differencesOf({ claim, series: candidate.series, exact: candidate.exact, level });
    let verdict: ClaimVerdict = 'not comparable';
    if (measured === null) verdict = 'nothing measured';
    else if (differences.length === 0) verdict = withinClaim(claim, measured) ? 'reproduced' : 'not reproduced';
    return { claim, seriesLabel: candidate.series.label, targetRps: level.targetRps, measured, differences, verdict };
  });
}

/** The claim's value as text in its unit, e.g. `0.2 vCPU per 1,000 rps per proxy`. */
export function claimUnit(metric: ClaimMetric): string {
  switch (metric) {
    case 'added-latency-p50-ms':
      return 'ms added at p50';
    case 'added-latency-p90-ms':
      return 'ms added at p90';
    case 'added-latency-p99-ms':
      return 'ms added at p99';
    case 'vcpu-per-1k-rps-per-proxy':
      return 'vCPU per 1,000 rps per proxy';
    case 'memory-per-proxy-mb':
      return 'MB per proxy';
  }
}
