/**
 * The gate file (`gates/<name>.yaml`): which metrics are checked at which levels, their role in
 * the decision and their thresholds. Strict zod schema; loaded with file:line errors by
 * gate-file.ts.
 *
 * Source of the vocabulary and defaults: reference/regression-gating.md §4.3 (checks with
 * metric, rates, direction, role, fail_pct, mde_pct, critical_pct, absolute thresholds for the
 * error rate; CI level 0.95, Holm) and §2.7 (more than 20 % invalid runs in an arm → INVALID).
 * Family α defaults to 0.01, not the reference's 0.05: its own advice for at most 1 % false alarms,
 * which `npm run bench:gate` confirmed (gates/default.yaml says more).
 */
import { z } from 'zod';
import { CONFIG_API_VERSION } from '../../config/scenario-schema.ts';
import { type Direction, METRIC_IDS, METRICS, type MetricId } from './metric-definitions.ts';

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
  };
});

/** When a level's repetitions are too few or too often invalid to compare (reference §2.7). */
export const ValidityRulesSchema = z
  .object({
    /** Fewer valid repetitions than this on either side at a level → invalid. */
    minValidRepetitions: z.number().int().min(2).max(1000).default(3),
    /** More invalid repetitions than this share on either side at a level → invalid. */
    maxInvalidPct: z.number().min(0).max(100).default(20),
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
/** Resolved validity rules. */
export type ValidityRules = z.output<typeof ValidityRulesSchema>;
