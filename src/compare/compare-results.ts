/**
 * `bench compare` as a pure function: result files in, gate report out. Checks comparability,
 * pools repetitions per side, drafts every check's statistics, applies Holm (with Tarone's rule)
 * over the primary family at this look's α, and decides verdicts, the outcome and the exit code
 * (regression → 10, invalid or inconclusive → 6). The rules and their sources: docs/gate.md.
 */
import { HarnessError } from '../errors.ts';
import type { DraftContext } from './gate/check-draft.ts';
import { finishCheck } from './gate/check-result.ts';
import { assessComparability, type SideSources } from './gate/comparability.ts';
import { draftChecks } from './gate/draft-checks.ts';
import { adjustFamilies } from './gate/family-adjustment.ts';
import type { GateConfig } from './gate/gate-config.ts';
import { withGateDefaults } from './gate/gate-defaults.ts';
import { decideOutcome, exitCodeOf } from './gate/gate-outcome.ts';
import { GATE_REPORT_FORMAT_VERSION, type GateReport } from './gate/gate-report.ts';
import { medianLagP99Us } from './gate/health-screen.ts';
import { levelResults } from './gate/level-results.ts';
import { lookOf } from './gate/look-alpha.ts';
import type { NoiseProfile } from './gate/noise-profile.ts';
import { outcomeHeadline } from './gate/outcome-headline.ts';
import { pairSides } from './gate/pairing.ts';
import { poolSide } from './gate/repetition-pool.ts';
import { runOrderNote } from './gate/run-order.ts';
import { sensitivityNotes } from './gate/sensitivity-notes.ts';
import { summarizeSide } from './gate/side-summary.ts';

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

/** Compares base and head under a gate. Throws HarnessError for inputs that cannot be compared. */
export function compareResults(options: CompareOptions): GateReport {
  const gateConfig = withGateDefaults(options.gate.config);
  const extended = options.extended === true;
  const look = lookOf(gateConfig, extended);
  const config: GateConfig = { ...gateConfig, familyAlpha: look.alpha };
  const findings = assessComparability({ base: options.base, head: options.head });
  const refusals = findings.filter((f) => f.kind === 'refusal').map((f) => f.message);
  if (refusals.length > 0 && !options.force) {
    throw new HarnessError('USAGE', `results are not comparable: ${refusals[0]}`, {
      details: refusals.slice(1),
      hint: 'compare results of the same scenario, platform and cluster shape; --force compares them anyway',
    });
  }
  const notes = [...refusals.map((r) => `forced: ${r}`), ...findings.filter((f) => f.kind === 'note').map((f) => f.message), look.note];
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
  const measuredRps = [...new Set([...base.levels.keys(), ...head.levels.keys()])].sort((a, b) => a - b);
  const ctx: DraftContext = {
    base,
    head,
    gate: config,
    notApplicable: new Map(),
    pairs: pairing.paired ? pairing.levels : null,
    medianLagUs: medianLagP99Us(allValid),
    screened: new Map(),
  };
  const drafted = draftChecks({ ctx, measuredRps, gateFile: options.gate.file });
  notes.push(...drafted.notes);
  const adjustment = adjustFamilies(drafted.drafts, config.familyAlpha);
  if (adjustment.note) notes.push(adjustment.note);
  const results = drafted.drafts.map((draft) => finishCheck({ draft, adjusted: adjustment.adjustedOf(draft), gate: config, familySize: adjustment.familySize }));
  if (options.noise) notes.push(...sensitivityNotes({ noise: options.noise, results, alpha: config.familyAlpha, familySize: adjustment.familySize }));
  const outcome = decideOutcome(results);
  const primaryChecks = results.filter((c) => c.role === 'primary').length;
  return {
    formatVersion: GATE_REPORT_FORMAT_VERSION,
    outcome,
    exitCode: exitCodeOf(outcome),
    headline: outcomeHeadline({ outcome, checks: results, primaryChecks }),
    gate: {
      name: config.name,
      file: options.gate.file,
      familyAlpha: config.familyAlpha,
      ciLevel: config.ciLevel,
      primaryChecks,
      extended,
      alphaSpending: {
        familyAlpha: gateConfig.familyAlpha,
        spending: gateConfig.looks.spending,
        look: extended ? 2 : 1,
        firstLookAlpha: look.alphas.first,
        secondLookAlpha: look.alphas.second,
      },
      pairing: { paired: pairing.paired, reason: pairing.paired ? null : pairing.reason },
      effectivePrimaryChecks: adjustment.familySize,
    },
    base: summarizeSide(base),
    head: summarizeSide(head),
    forced: Boolean(options.force) && refusals.length > 0,
    notes,
    levels: levelResults({ measuredRps, base, head, results, pooledLatency: options.pooledLatency === true }),
  };
}
