/**
 * `bench compare` as a pure function: result files in, gate report out. Checks comparability,
 * pools repetitions per side, computes every check's statistics, applies Holm over the primary
 * family and decides verdicts and the outcome.
 *
 * Source of the rules: docs/gate.md (analysis: validity →
 * per-check one-sided MWU and HL on log values → Holm over the primary family → verdicts) and
 * §7 "CI output conventions" (exit codes: regression → 10, invalid/inconclusive → 6).
 */
import { HarnessError } from '../errors.ts';
import { mergeEncodedHistograms, summarizeHistogram } from '../stats/latency-histogram.ts';
import type { LatencySummary } from '../results/result-schema.ts';
import { lookAlphas } from '../stats/alpha-spending.ts';
import { taroneHolm } from '../stats/tarone.ts';
import { type Draft, type DraftContext, draftCheck } from './gate/check-draft.ts';
import { assessComparability, type SideSources } from './gate/comparability.ts';
import { type GateCheck, type GateConfig, LooksSchema, ScreeningRulesSchema } from './gate/gate-config.ts';
import {
  type CheckResult,
  GATE_REPORT_FORMAT_VERSION,
  type GateOutcome,
  type GateReport,
  type LevelResult,
  type SideSummary,
} from './gate/gate-report.ts';
import { medianLagP99Us } from './gate/health-screen.ts';
import { METRICS } from './gate/metric-definitions.ts';
import { formatAlpha, formatRps } from './gate/metric-format.ts';
import { outcomeHeadline } from './gate/outcome-headline.ts';
import { minimumDetectablePct, type NoiseProfile, pairedSdAt } from './gate/noise-profile.ts';
import { pairSides } from './gate/pairing.ts';
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
   * The second look: the data include the one pre-declared fresh batch (measured after an
   * inconclusive first look to extend it, or after a regression to confirm it) together with the
   * first batch. Tests run at the α the gate file's spending rule leaves for the second look, so
   * both looks together keep the gate's α (src/stats/alpha-spending.ts).
   */
  extended?: boolean | undefined;
  /** A noise profile (`bench calibrate`): notes state the smallest shift each primary check can detect. */
  noise?: NoiseProfile | undefined;
  /** Analyse window pairs of one batch when possible (default: the gate file's `pairing`). */
  pairing?: 'auto' | 'off' | undefined;
}

/** Fills settings a hand-built GateConfig (older callers) may lack. */
function withDefaults(config: GateConfig): GateConfig {
  const partial = config as Partial<GateConfig> & GateConfig;
  return {
    ...config,
    pairing: partial.pairing ?? 'auto',
    screening: partial.screening ?? ScreeningRulesSchema.parse({}),
    looks: partial.looks ?? LooksSchema.parse({}),
    underpowered: partial.underpowered ?? 'ask',
  };
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

function finish(draft: Draft, adjusted: Adjusted, gate: GateConfig, familySize: number, inFamily: boolean): CheckResult {
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
    estimator: check.estimator ?? 'window',
    analysis: stats ? (stats.test === 'signed-rank' ? ('paired' as const) : ('unpaired' as const)) : null,
    minimumP: stats?.minimumP ?? null,
    inFamily: primary && inFamily,
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
    paired: stats.test === 'signed-rank',
    label: metric.label,
    underpowered: gate.underpowered,
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

/** What each primary check could detect, from a noise profile (90 % power, its pairs, this look's α/K). */
function sensitivityNotes(options: { noise: NoiseProfile; results: readonly CheckResult[]; alpha: number; familySize: number }): string[] {
  const { noise } = options;
  const out: string[] = [];
  for (const c of options.results) {
    if (c.role !== 'primary' || c.effectUnit !== 'pct' || c.verdict === 'invalid' || c.base.n === 0) continue;
    const level = noise.levels.find((l) => l.targetRps === c.targetRps);
    const m = level?.metrics.find((x) => x.metric === c.metric && x.estimator === (c.estimator ?? 'window'));
    if (!m) continue;
    const sd = pairedSdAt(m, { windowMs: noise.windowMs, profileWindowMs: noise.windowMs });
    if (sd === null) continue;
    const alphaK = options.alpha / Math.max(1, options.familySize);
    const mde = minimumDetectablePct({ sdLog: sd, pairs: c.base.n, alpha: alphaK, power: 0.9 });
    const can = Number.isFinite(mde) ? `≥ ${mde.toFixed(1)} %` : 'none (too few pairs)';
    out.push(
      `noise profile ${noise.batchId.slice(0, 8)}: ${c.checkId} @ ${formatRps(c.targetRps)} with ${c.base.n} pairs at α ${formatAlpha(alphaK)} detects shifts ${can} (90 % power; ` +
        `MDE ${c.thresholds.mde} %${Number.isFinite(mde) && mde > c.thresholds.mde ? ': this setup cannot see it' : ''})`,
    );
  }
  return out;
}

const EXIT_CODE_OF: Record<GateOutcome, GateReport['exitCode']> = { pass: 0, regression: 10, inconclusive: 6, invalid: 6 };

/** Compares base and head under a gate. Throws HarnessError for inputs that cannot be compared. */
export function compareResults(options: CompareOptions): GateReport {
  const gate = { ...options.gate, config: withDefaults(options.gate.config) };
  const extended = options.extended === true;
  const looks = gate.config.looks;
  const alphas = lookAlphas({ fn: looks.spending, alpha: gate.config.familyAlpha, firstFraction: looks.firstFraction, firstShare: looks.firstShare });
  const lookAlpha = extended ? alphas.second : alphas.first;
  const config: GateConfig = { ...gate.config, familyAlpha: lookAlpha };
  const findings = assessComparability({ base: options.base, head: options.head });
  const refusals = findings.filter((f) => f.kind === 'refusal').map((f) => f.message);
  if (refusals.length > 0 && !options.force) {
    throw new HarnessError('USAGE', `results are not comparable: ${refusals[0]}`, {
      details: refusals.slice(1),
      hint: 'compare results of the same scenario, platform and cluster shape; --force compares them anyway',
    });
  }
  const notes = [...refusals.map((r) => `forced: ${r}`), ...findings.filter((f) => f.kind === 'note').map((f) => f.message)];
  const spent = `α ${gate.config.familyAlpha} spent over two looks (${looks.spending}): ${formatAlpha(alphas.first)} at the first, ${formatAlpha(alphas.second)} at the second`;
  notes.push(
    extended
      ? `second look: the first and the fresh batch together, tested at α ${formatAlpha(lookAlpha)} (${spent}); there is no further look`
      : `first look at α ${formatAlpha(lookAlpha)} (${spent})`,
  );
  const base = poolSide({ side: 'base', sources: options.base.sources, arm: options.base.arm });
  const head = poolSide({ side: 'head', sources: options.head.sources, arm: options.head.arm });
  const pairing = (options.pairing ?? config.pairing) === 'off' ? ({ paired: false, reason: 'pairing is off' } as const) : pairSides({ base, head });
  if (pairing.paired) {
    notes.push(
      `paired: base and head windows of batch ${pairing.batches.join(', ')} were measured next to each other (ABBA); ` +
        'Wilcoxon signed-rank and paired Hodges-Lehmann on the within-pair differences',
    );
  } else {
    notes.push(`unpaired (Mann-Whitney): ${pairing.reason}`);
    const orderNote = runOrderNote({ base, head });
    if (orderNote) notes.push(orderNote);
  }
  const allValid = [...base.levels.values(), ...head.levels.values()].flatMap((l) => l.valid);
  const measured = [...new Set([...base.levels.keys(), ...head.levels.keys()])].sort((a, b) => a - b);
  const ctx: DraftContext = {
    base,
    head,
    gate: config,
    notApplicable: new Map(),
    pairs: pairing.paired ? pairing.levels : null,
    medianLagUs: medianLagP99Us(allValid),
    screened: new Map(),
  };
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
  notes.push(...ctx.notApplicable.values(), ...(ctx.screened?.values() ?? []));
  const alpha = config.familyAlpha;
  const family = drafts.filter((d) => d.check.role === 'primary' && d.stats !== null && d.invalidReason === null);
  const hypotheses = (pOf: (d: Draft) => number) => family.map((d) => ({ p: pOf(d), minimumP: d.stats?.minimumP ?? 1 }));
  const worse = taroneHolm({ hypotheses: hypotheses(pWorseOf), alpha });
  const better = taroneHolm({ hypotheses: hypotheses(pBetterOf), alpha });
  const holmOf = new Map(family.map((d, i) => [d, { worse: worse.adjusted[i] ?? 1, better: better.adjusted[i] ?? 1 }]));
  const countedOf = new Map(family.map((d, i) => [d, worse.counted[i] ?? false]));
  const criticalFamily = drafts.filter((d) => d.check.critical !== null && d.stats !== null && d.invalidReason === null);
  const critical = taroneHolm({ hypotheses: criticalFamily.map((d) => ({ p: pWorseOf(d), minimumP: d.stats?.minimumP ?? 1 })), alpha });
  const criticalOf = new Map(criticalFamily.map((d, i) => [d, critical.adjusted[i] ?? 1]));
  const left = family.filter((d) => !countedOf.get(d));
  if (left.length > 0) {
    notes.push(
      `Tarone: ${left.length} of ${family.length} primary checks cannot reach significance with their data and are left out of the Holm family ` +
        `(${left.map((d) => `${d.check.id}@${formatRps(d.targetRps)}: smallest attainable p ${formatAlpha(d.stats?.minimumP ?? 1)}`).join(', ')})`,
    );
  }
  const results = drafts.map((d) =>
    finish(d, { primary: holmOf.get(d) ?? null, critical: criticalOf.get(d) ?? null }, config, worse.familySize, countedOf.get(d) ?? false),
  );
  if (options.noise) notes.push(...sensitivityNotes({ noise: options.noise, results, alpha, familySize: worse.familySize }));
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
    gate: {
      name: config.name,
      file: gate.file,
      familyAlpha: config.familyAlpha,
      ciLevel: config.ciLevel,
      primaryChecks,
      extended,
      alphaSpending: {
        familyAlpha: gate.config.familyAlpha,
        spending: looks.spending,
        look: extended ? 2 : 1,
        firstLookAlpha: alphas.first,
        secondLookAlpha: alphas.second,
      },
      pairing: { paired: pairing.paired, reason: pairing.paired ? null : pairing.reason },
      effectivePrimaryChecks: worse.familySize,
    },
    base: sideSummary(base),
    head: sideSummary(head),
    forced: Boolean(options.force) && refusals.length > 0,
    notes,
    levels,
  };
}
