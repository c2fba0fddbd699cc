/**
 * The gate file (`gates/<name>.yaml`): which metrics are checked at which levels, their role in
 * the decision and their thresholds. Strict zod schema; loaded with file:line errors by
 * gate-file.ts.
 *
 * Source of the vocabulary and defaults: docs/gate.md §6 and §7 (checks with
 * metric, rates, direction, role, fail_pct, mde_pct, critical_pct, absolute thresholds for the
 * error rate; CI level 0.95, Holm; more than 20 % invalid runs in an arm → INVALID).
 * Family α defaults to 0.01, not 0.05: the design's advice for at most 1 % false alarms,
 * which `npm run bench:gate` confirmed (gates/default.yaml says more).
 */
import * as z from 'zod';
import { CONFIG_API_VERSION } from '../../config/scenario-schema.ts';
import { SPENDING_FUNCTIONS } from '../../stats/alpha-spending.ts';
import { type Direction, METRIC_IDS, METRICS, type MetricId } from './metric-definitions.ts';

/** Per-repetition estimators of a latency quantile (docs/gate.md "Estimators"). */
export const ESTIMATORS = ['window', 'harrell-davis'] as const;
/** `window`: the window's own percentile; `harrell-davis`: HD estimate over the window's histogram. */
export type Estimator = (typeof ESTIMATORS)[number];

/** Roles of a check in the gate decision. */
export const CHECK_ROLES = ['primary', 'secondary', 'advisory'] as const;
/** primary: Holm family, can fail the gate; secondary: warns; advisory: reported only. */
export type CheckRole = (typeof CHECK_ROLES)[number];

const checkIdField = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lowercase letters, digits and dashes');
const positivePct = z.number().positive().max(1000);

/** Levels a check applies to: every level, the highest rate only, or listed target rates. */
export const LevelSelectionSchema = z.union([
  z.literal('all'),
  z.literal('top'),
  z.array(z.number().positive('must be a target rate in rps')).min(1, 'list at least one target rate'),
]);
export type LevelSelection = z.infer<typeof LevelSelectionSchema>;

const CheckInputSchema = z
  .object({
    /** Name used in outputs (JUnit test case, Markdown rows); unique in the file. */
    id: checkIdField.describe('name used in outputs (JUnit test case, Markdown rows); unique in the file'),
    metric: z.enum(METRIC_IDS).describe('per-repetition metric the check compares'),
    levels: LevelSelectionSchema.default('all').describe('all levels, the top (highest-rate) level, or a list of target rates'),
    /** Defaults to the metric's own direction (latency, CPU, memory, errors: lower is better). */
    direction: z.enum(['lower-is-better', 'higher-is-better']).optional().describe("defaults to the metric's own direction"),
    role: z.enum(CHECK_ROLES).describe('primary: Holm family, can fail the gate; secondary: warns; advisory: reported only'),
    /** Relative thresholds (% of the base), for every metric except error-pct. */
    failPct: positivePct.optional().describe('fail when significant and the shift is at least this % (relative metrics)'),
    mdePct: positivePct.optional().describe('inconclusive when the interval reaches this % (default: failPct)'),
    criticalPct: positivePct.optional().describe('any role fails when the shift is at least this % and significant (Holm over all critical checks)'),
    /** Absolute thresholds in percentage points, for error-pct. */
    failPp: positivePct.optional().describe('error-pct only: fail threshold in percentage points'),
    mdePp: positivePct.optional().describe('error-pct only: MDE in percentage points (default: failPp)'),
    criticalPp: positivePct.optional().describe('error-pct only: critical threshold in percentage points'),
    estimator: z
      .enum(ESTIMATORS)
      .optional()
      .describe("latency quantiles only: per-repetition value from the window's percentile (window) or the Harrell-Davis estimate over its histogram"),
  })
  .strict();

/** A check with its thresholds resolved to the metric's effect unit. */
export interface GateCheck {
  id: string;
  metric: MetricId;
  levels: LevelSelection;
  direction: Direction;
  role: CheckRole;
  /** `pct`: relative change in %; `pp`: absolute change in percentage points. */
  effectUnit: 'pct' | 'pp';
  /** Fail when the estimated worsening is at least this (and significant). */
  fail: number;
  /** Smallest change the gate must be able to see; a CI reaching it means inconclusive. */
  mde: number;
  /** Critical override: any role fails when the worsening is at least this and significant (Holm over critical checks). */
  critical: number | null;
  /** Per-repetition estimator (latency quantiles); absent means `window`. */
  estimator?: Estimator | undefined;
}

const CheckSchema = CheckInputSchema.transform((input, ctx): GateCheck => {
  const metric = METRICS[input.metric];
  const absolute = metric.scale === 'absolute';
  const wrong = absolute ? (['failPct', 'mdePct', 'criticalPct'] as const) : (['failPp', 'mdePp', 'criticalPp'] as const);
  const wrongGiven = wrong.filter((field) => input[field] !== undefined);
  for (const field of wrongGiven) {
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message: absolute
        ? `${input.metric} is gated in percentage points: use ${field.replace('Pct', 'Pp')}`
        : `${input.metric} is gated relative to the base: use ${field.replace('Pp', 'Pct')}`,
    });
  }
  if (input.estimator === 'harrell-davis' && !input.metric.startsWith('latency-')) {
    ctx.addIssue({ code: 'custom', path: ['estimator'], message: 'harrell-davis applies to latency quantiles only' });
  }
  const fail = absolute ? input.failPp : input.failPct;
  if (fail === undefined && wrongGiven.length === 0) {
    ctx.addIssue({ code: 'custom', path: [absolute ? 'failPp' : 'failPct'], message: 'is required' });
  }
  const failValue = fail ?? 1;
  const mde = (absolute ? input.mdePp : input.mdePct) ?? failValue;
  const critical = (absolute ? input.criticalPp : input.criticalPct) ?? null;
  if (mde < failValue) {
    ctx.addIssue({ code: 'custom', path: [absolute ? 'mdePp' : 'mdePct'], message: 'must be at least the fail threshold' });
  }
  if (critical !== null && critical < failValue) {
    ctx.addIssue({ code: 'custom', path: [absolute ? 'criticalPp' : 'criticalPct'], message: 'must be at least the fail threshold' });
  }
  return {
    id: input.id,
    metric: input.metric,
    levels: input.levels,
    direction: input.direction ?? metric.direction,
    role: input.role,
    effectUnit: absolute ? 'pp' : 'pct',
    fail: failValue,
    mde,
    critical,
    estimator: input.estimator ?? 'window',
  };
});

/** When a level's repetitions are too few or too often invalid to compare (docs/gate.md §7, "Invalid runs"). */
export const ValidityRulesSchema = z
  .object({
    /** Fewer valid repetitions than this on either side at a level → invalid. */
    minValidRepetitions: z.number().int().min(2).max(1000).default(3),
    /** More invalid repetitions than this share on either side at a level → invalid. */
    maxInvalidPct: z.number().min(0).max(100).default(20),
  })
  .strict();

/**
 * Repetitions whose load generator was unhealthy measured the machine, not the target: they are
 * screened out (the whole pair in paired mode), each reported, and at most maxDroppedPct may go.
 */
export const ScreeningRulesSchema = z
  .object({
    /** Scheduler lag p99 above this multiple of the batch's median lag p99 → screened out. */
    maxLagFactor: z.number().gt(1).max(1000).default(4).describe("scheduler lag p99 above this multiple of the batch's median → screened out"),
    /** Late sends (> 1 ms behind schedule) above this share of sent requests → screened out. */
    maxLateSendsPct: z.number().min(0).max(100).default(5).describe('late sends above this % of sent requests → screened out'),
    /** Host CPU steal above this share of the window → screened out. */
    maxStealPct: z.number().min(0).max(100).default(5).describe('host CPU steal above this % → screened out'),
    /** More screened-out repetitions (or pairs) than this share of a level → invalid. */
    maxDroppedPct: z.number().min(0).max(100).default(20).describe('more screened out than this % of a level → invalid'),
  })
  .strict();

/** How α is spent over the two pre-declared looks (src/stats/alpha-spending.ts). */
export const LooksSchema = z
  .object({
    spending: z.enum(SPENDING_FUNCTIONS).default('pocock').describe('Lan-DeMets spending function (pocock, obrien-fleming) or a declared split'),
    /** Information fraction of the first look: its repetitions over both looks' (0.5: the fresh batch is as large). */
    firstFraction: z.number().gt(0).lt(1).default(0.5).describe("first look's share of both looks' repetitions"),
    /** split only: share of α spent at the first look. */
    firstShare: z.number().gt(0).lt(1).default(0.5).describe('split only: share of α spent at the first look'),
  })
  .strict();

function levelsOverlap(a: LevelSelection, b: LevelSelection): boolean {
  if (a === 'all' || b === 'all') return true;
  if (a === 'top' || b === 'top') return a === b;
  return a.some((rps) => b.includes(rps));
}

/** The whole gate file. */
export const GateConfigSchema = z
  .object({
    apiVersion: z.literal(CONFIG_API_VERSION),
    kind: z.literal('Gate'),
    name: checkIdField,
    description: z.string().default(''),
    /** Family-wise error rate of the primary checks (Holm). */
    familyAlpha: z.number().gt(0).lt(0.5).default(0.01).describe('family-wise error rate of the primary checks (Holm)'),
    /** Confidence level of the Hodges-Lehmann intervals. */
    ciLevel: z.number().gt(0.5).lt(1).default(0.95).describe('confidence level of the Hodges-Lehmann intervals'),
    validity: ValidityRulesSchema.prefault({}),
    /** Pair interleaved arms of one batch (Wilcoxon signed-rank, paired HL); `off`: always unpaired. */
    pairing: z.enum(['auto', 'off']).default('auto').describe('auto: analyse windows of one batch as pairs; off: always the unpaired test'),
    screening: ScreeningRulesSchema.prefault({}),
    looks: LooksSchema.prefault({}),
    /**
     * A check that is not significant but whose interval still reaches its MDE: `ask` a person
     * (inconclusive, exit 6) or `accept` the pass it states ("no regression ≥ x %").
     */
    underpowered: z.enum(['ask', 'accept']).default('ask').describe("not significant but the interval reaches the MDE: ask (exit 6) or accept the stated pass (exit 0)"),
    checks: z.array(CheckSchema).min(1, 'needs at least one check'),
  })
  .strict()
  .superRefine((gate, ctx) => {
    gate.checks.forEach((check, i) => {
      gate.checks.slice(0, i).forEach((earlier) => {
        if (earlier.id === check.id) {
          ctx.addIssue({ code: 'custom', path: ['checks', i, 'id'], message: `duplicate check id "${check.id}"` });
        } else if (earlier.metric === check.metric && levelsOverlap(earlier.levels, check.levels)) {
          ctx.addIssue({
            code: 'custom',
            path: ['checks', i, 'levels'],
            message: `${check.metric} is already checked by "${earlier.id}" at some of these levels`,
          });
        }
      });
    });
  });

/** A gate as written in YAML. */
export type GateConfigInput = z.input<typeof GateConfigSchema>;
/** A resolved gate: defaults filled, thresholds in the metric's effect unit. */
export type GateConfig = z.output<typeof GateConfigSchema>;
/** Resolved screening rules. */
export type ScreeningRules = z.output<typeof ScreeningRulesSchema>;
/** Resolved validity rules. */
export type ValidityRules = z.output<typeof ValidityRulesSchema>;
