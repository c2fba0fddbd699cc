/**
 * `bench run --budget 15m [--noise profile.json]`: picks repetitions and window length for a
 * time budget. With a noise profile the design with the smallest detectable p99 shift wins
 * (compare/noise-profile.ts planForBudget, at the default gate's first-look α); without one the
 * scenario's window is kept and as many repetitions as fit are measured (docs/gate.md
 * "Planning"). The choice is printed and lands in the result file through the scenario it
 * measured (load.durationMs, load.repetitions).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lookAlphas } from '../../stats/alpha-spending.ts';
import { NoiseProfileSchema, planForBudget } from '../../compare/gate/noise-profile.ts';
import { parseDurationMs } from '../../config/duration.ts';
import type { Scenario } from '../../config/scenario-schema.ts';
import { usageError } from '../../errors.ts';

/** Fixed cost of a window besides its warm-up when no profile says otherwise (process start, settling), ms. */
export const DEFAULT_WINDOW_OVERHEAD_MS = 1000;

/** Applies the budget to the scenario's load; returns the line to print. */
export function applyBudget(options: { budget: string; noise?: string | undefined; scenario: Scenario; arms: number; cwd: string }): string {
  const budgetMs = parseDurationMs(options.budget);
  if (budgetMs === undefined || budgetMs <= 0) throw usageError(`--budget ${options.budget}: not a duration`, 'e.g. --budget 15m or --budget 900s');
  const load = options.scenario.load;
  const levels = load.levels.length;
  const arms = Math.max(1, options.arms);
  if (options.noise) {
    let parsed: ReturnType<typeof NoiseProfileSchema.safeParse>;
    try {
      parsed = NoiseProfileSchema.safeParse(JSON.parse(readFileSync(resolve(options.cwd, options.noise), 'utf8')));
    } catch (err) {
      throw usageError(`cannot read noise profile ${options.noise}: ${(err as Error).message}`);
    }
    if (!parsed.success) throw usageError(`${options.noise}: not a noise profile (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    const profile = parsed.data;
    const noise = profile.levels[0]?.metrics.find((m) => m.metric === 'latency-p99' && m.estimator === 'window');
    if (!noise) throw usageError(`${options.noise} has no latency-p99 noise to plan with`);
    const alpha = lookAlphas({ fn: 'pocock', alpha: 0.01, firstFraction: 0.5 }).first;
    // The planner counts two windows per pair; other arm counts and levels scale the budget.
    const plan = planForBudget({ budgetMs: (budgetMs * 2) / (arms * levels), noise, profile, alpha, power: 0.9 });
    if (!plan.best) throw usageError(`--budget ${options.budget} is too short for two pairs per level`);
    load.durationMs = plan.best.windowMs;
    load.repetitions = plan.best.pairs;
    const mde = Number.isFinite(plan.best.mdePct) ? `${plan.best.mdePct.toFixed(1)} %` : 'none';
    return `budget ${options.budget}: ${plan.best.pairs} repetitions of ${plan.best.windowMs / 1000} s per arm and level (noise profile ${options.noise}: smallest detectable p99 shift ${mde} at α ${alpha.toFixed(4)}, 90 % power)`;
  }
  const perWindowMs = load.durationMs + load.warmupMs + DEFAULT_WINDOW_OVERHEAD_MS;
  const reps = Math.floor(budgetMs / (perWindowMs * arms * levels));
  if (reps < 2) throw usageError(`--budget ${options.budget} fits fewer than two repetitions per arm and level of ${perWindowMs / 1000} s`);
  load.repetitions = Math.min(1000, reps);
  return `budget ${options.budget}: ${load.repetitions} repetitions of ${load.durationMs / 1000} s per arm and level (no noise profile: the scenario's window, as many repetitions as fit)`;
}
