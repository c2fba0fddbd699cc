/**
 * `bench compare` as a pure function: result files in, gate report out. Checks comparability,
 * pools repetitions per side, computes every check's statistics, applies Holm over the primary
 * family and decides verdicts and the outcome.
 *
 * Source of the rules: reference/regression-gating.md §4.2 (analysis algorithm: validity →
 * per-check one-sided MWU and HL on log values → Holm over the primary family → verdicts) and
 * §3.4 (exit codes; this project maps regression → 10, invalid/inconclusive → 6, design.md).
 */
import { HarnessError } from '../errors.ts';
import { mergeEncodedHistograms, summarizeHistogram } from '../stats/latency-histogram.ts';
import type { LatencySummary } from '../results/result-schema.ts';
import { type Draft, type DraftContext, draftCheck } from './gate/check-draft.ts';
import { assessComparability, type SideSources } from './gate/comparability.ts';
import type { GateCheck, GateConfig } from './gate/gate-config.ts';
import {
  type CheckResult,
  GATE_REPORT_FORMAT_VERSION,
  type GateOutcome,
  type GateReport,
  type LevelResult,
  type SideSummary,
} from './gate/gate-report.ts';
import { holmAdjust } from '../stats/holm.ts';
import { METRICS } from './gate/metric-definitions.ts';
import { formatRps } from './gate/metric-format.ts';
import { outcomeHeadline } from './gate/outcome-headline.ts';
import { type PooledLevel, type PooledSide, poolSide } from './gate/repetition-pool.ts';
import { runOrderNote } from './gate/run-order.ts';
import { decideVerdict } from './gate/verdict.ts';

/** Input of compareResults. */
export interface CompareOptions {
  base: SideSources;
  head: SideSources;
  gate: { file: string; config: GateConfig };
  /** Compare even when the results are not comparable (refusals become notes). */
  force?: boolean | undefined;
  /** Merge histograms for pooled percentiles (display only; off in resampling loops). */
  pooledLatency?: boolean | undefined;
  /**
   * The data include the one pre-declared sequential extension (more repetitions added after an
   * inconclusive first look): every test runs at α/2, so the two looks together keep the gate's
   * false-alarm rate (reference/regression-gating.md §4.2 step 5).
   */
  extended?: boolean | undefined;
}


function sideSummary(pooled: PooledSide): SideSummary {
  const first = pooled.sources[0]?.result;
  let repetitions = 0;
  let validRepetitions = 0;
  for (const level of pooled.levels.values()) {
    repetitions += level.repetitions.length;
    validRepetitions += level.valid.length;
  }
  return {
    files: pooled.sources.map((s) => s.file),
    runIds: pooled.sources.map((s) => s.result.runId),
    arm: pooled.arm,
    targetName: first?.target.name ?? '',
    mesh: first?.target.mesh ?? '',
    mode: first?.target.mode ?? '',
    version: first ? (first.target.runningVersion ?? first.target.version) : null,
    platform: first?.target.platform ?? '',
    scenarioName: first?.scenario.name ?? '',
    scenarioHash: first?.scenario.contentHash ?? '',
    repetitions,
    validRepetitions,
  };
}

function resolveLevels(check: GateCheck, measured: readonly number[], notes: string[]): number[] {
  if (check.levels === 'all') return [...measured];
  const top = measured[measured.length - 1];
  if (check.levels === 'top') return top === undefined ? [] : [top];
  const missing = check.levels.filter((rps) => !measured.includes(rps));
  if (missing.length > 0) notes.push(`check ${check.id}: ${missing.map(formatRps).join(', ')} not measured on either side`);
  return check.levels.filter((rps) => measured.includes(rps));
}

function pWorseOf(draft: Draft): number {
  if (!draft.stats) return 1;
  return draft.check.direction === 'lower-is-better' ? draft.stats.pGreater : draft.stats.pLess;
}

function pBetterOf(draft: Draft): number {
  if (!draft.stats) return 1;
  return draft.check.direction === 'lower-is-better' ? draft.stats.pLess : draft.stats.pGreater;
}

interface Adjusted {
  /** Over the primary family; null for other roles. */
  primary: { worse: number; better: number } | null;
  /** Over every check with a critical threshold; null without one. */
  critical: number | null;
}

function finish(draft: Draft, adjusted: Adjusted, gate: GateConfig, familySize: number): CheckResult {
  const holm = adjusted.primary;
  const { check, stats } = draft;
  const metric = METRICS[check.metric];
  const primary = check.role === 'primary';
  const common = {
    checkId: check.id,
    metric: check.metric,
    label: metric.label,
    unit: metric.unit,
    role: check.role,
    direction: check.direction,
    targetRps: draft.targetRps,
    effectUnit: check.effectUnit,
    thresholds: { fail: check.fail, mde: check.mde, critical: check.critical },
    base: draft.base,
    head: draft.head,
  };
  if (!stats || draft.invalidReason) {
    return {
      ...common,
      medianChange: null,
      shift: null,
      pWorse: null,
      pBetter: null,
      pAdjusted: null,
      method: null,
      verdict: 'invalid',
      gating: primary,
      critical: false,
      reason: draft.invalidReason ?? 'no data',
    };
  }
  const outcome = decideVerdict({
    role: check.role,
    direction: check.direction,
    effectUnit: check.effectUnit,
    thresholds: common.thresholds,
    shift: stats.shift,
    pWorse: pWorseOf(draft),
    pBetter: pBetterOf(draft),
    pAdjustedWorse: holm?.worse ?? null,
    pAdjustedBetter: holm?.better ?? null,
    pAdjustedCritical: adjusted.critical,
    alpha: gate.familyAlpha,
    alphaNeeded: primary ? gate.familyAlpha / Math.max(1, familySize) : gate.familyAlpha,
    sizes: { base: draft.base.n, head: draft.head.n },
  });
  return {
    ...common,
    medianChange: stats.medianChange,
    shift: stats.shift,
    pWorse: pWorseOf(draft),
    pBetter: pBetterOf(draft),
    pAdjusted: primary ? (holm?.worse ?? null) : null,
    method: stats.method,
    ...outcome,
  };
}

function pooledLatencyOf(level: PooledLevel | undefined): LatencySummary | null {
  if (!level || level.valid.length === 0) return null;
  try {
    return summarizeHistogram(mergeEncodedHistograms(level.valid.map((r) => r.histograms.latencyUs)));
  } catch {
    return null;
  }
}

function decideOutcome(checks: readonly CheckResult[]): GateOutcome {
  const gating = checks.filter((c) => c.gating);
  if (gating.some((c) => c.verdict === 'regression')) return 'regression';
  if (gating.some((c) => c.verdict === 'invalid')) return 'invalid';
  if (gating.some((c) => c.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

const EXIT_CODE_OF: Record<GateOutcome, GateReport['exitCode']> = { pass: 0, regression: 10, inconclusive: 6, invalid: 6 };

/** Compares base and head under a gate. Throws HarnessError for inputs that cannot be compared. */
export function compareResults(options: CompareOptions): GateReport {
  const { gate } = options;
  const extended = options.extended === true;
  const config = extended ? { ...gate.config, familyAlpha: gate.config.familyAlpha / 2 } : gate.config;
  const findings = assessComparability({ base: options.base, head: options.head });
  const refusals = findings.filter((f) => f.kind === 'refusal').map((f) => f.message);
  if (refusals.length > 0 && !options.force) {
    throw new HarnessError('USAGE', `results are not comparable: ${refusals[0]}`, {
      details: refusals.slice(1),
      hint: 'compare results of the same scenario, platform and cluster shape; --force compares them anyway',
    });
  }
  const notes = [...refusals.map((r) => `forced: ${r}`), ...findings.filter((f) => f.kind === 'note').map((f) => f.message)];
  if (extended) {
    notes.push(
      `extended: the data include the pre-declared sequential extension, so every test ran at α/2 = ${config.familyAlpha} ` +
        `(the gate's α ${gate.config.familyAlpha} is spent over two looks); there is no further extension`,
    );
  }
  const base = poolSide({ side: 'base', sources: options.base.sources, arm: options.base.arm });
  const head = poolSide({ side: 'head', sources: options.head.sources, arm: options.head.arm });
  const orderNote = runOrderNote({ base, head });
  if (orderNote) notes.push(orderNote);
  const measured = [...new Set([...base.levels.keys(), ...head.levels.keys()])].sort((a, b) => a - b);
  const ctx: DraftContext = { base, head, gate: config, notApplicable: new Map() };
  const drafts: Draft[] = [];
  const gated = new Map<string, string>();
  for (const check of config.checks) {
    for (const rps of resolveLevels(check, measured, notes)) {
      const key = `${check.metric}@${rps}`;
      const earlier = gated.get(key);
      if (earlier) {
        throw new HarnessError('CONFIG_INVALID', `${gate.file}: checks "${earlier}" and "${check.id}" both gate ${check.metric} at ${formatRps(rps)}`, {
          hint: 'give each metric and level to one check (e.g. list the other levels explicitly instead of top)',
        });
      }
      gated.set(key, check.id);
      const draft = draftCheck(ctx, check, rps);
      if (draft) drafts.push(draft);
    }
  }
  notes.push(...ctx.notApplicable.values());
  const family = drafts.filter((d) => d.check.role === 'primary' && d.stats !== null && d.invalidReason === null);
  const adjustedWorse = holmAdjust(family.map(pWorseOf));
  const adjustedBetter = holmAdjust(family.map(pBetterOf));
  const holmOf = new Map(family.map((d, i) => [d, { worse: adjustedWorse[i] ?? 1, better: adjustedBetter[i] ?? 1 }]));
  const criticalFamily = drafts.filter((d) => d.check.critical !== null && d.stats !== null && d.invalidReason === null);
  const adjustedCritical = holmAdjust(criticalFamily.map(pWorseOf));
  const criticalOf = new Map(criticalFamily.map((d, i) => [d, adjustedCritical[i] ?? 1]));
  const results = drafts.map((d) => finish(d, { primary: holmOf.get(d) ?? null, critical: criticalOf.get(d) ?? null }, config, family.length));
  const levels: LevelResult[] = measured.map((rps) => {
    const b = base.levels.get(rps);
    const h = head.levels.get(rps);
    return {
      targetRps: rps,
      base: { valid: b?.valid.length ?? 0, total: b?.repetitions.length ?? 0 },
      head: { valid: h?.valid.length ?? 0, total: h?.repetitions.length ?? 0 },
      checks: results.filter((c) => c.targetRps === rps),
      pooledLatency: options.pooledLatency ? { base: pooledLatencyOf(b), head: pooledLatencyOf(h) } : null,
    };
  });
  const outcome = decideOutcome(results);
  const primaryChecks = results.filter((c) => c.role === 'primary').length;
  return {
    formatVersion: GATE_REPORT_FORMAT_VERSION,
    outcome,
    exitCode: EXIT_CODE_OF[outcome],
    headline: outcomeHeadline({ outcome, checks: results, primaryChecks }),
    gate: { name: config.name, file: gate.file, familyAlpha: config.familyAlpha, ciLevel: config.ciLevel, primaryChecks, extended },
    base: sideSummary(base),
    head: sideSummary(head),
    forced: Boolean(options.force) && refusals.length > 0,
    notes,
    levels,
  };
}
