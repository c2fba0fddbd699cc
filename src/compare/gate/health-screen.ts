/**
 * Screens out repetitions whose load generator was unhealthy: the machine, not the target, was
 * measured. A repetition is screened out when its scheduler lag p99 is far above the median of
 * its batch (relative, so a slow but steady machine is not punished), when too many sends were
 * late, or when the hypervisor stole too much CPU. Pure.
 *
 * Rationale (docs/gate.md "Screening"): an open-loop generator that falls behind its schedule
 * records its own delay as latency; a window with a lag burst moves p99 by far more than any
 * regression the gate looks for.
 */
import type { Repetition } from '../../results/result-schema.ts';
import type { ScreeningRules } from './gate-config.ts';

/** Why one repetition was screened out, with its numbers. */
export interface ScreenFinding {
  rep: Repetition;
  reasons: string[];
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The median scheduler lag p99 of these repetitions (the batch's reference), µs. */
export function medianLagP99Us(reps: readonly Repetition[]): number | null {
  return median(reps.map((r) => r.generator.schedulerLagUs.p99));
}

/** The reasons this repetition is screened out (empty: healthy). */
export function screenReasons(rep: Repetition, options: { rules: ScreeningRules; medianLagUs: number | null }): string[] {
  const { rules, medianLagUs } = options;
  const reasons: string[] = [];
  const lag = rep.generator.schedulerLagUs.p99;
  // A floor of 1 ms: below it lag is scheduler jitter, not a machine problem.
  if (medianLagUs !== null && lag > 1000 && lag > rules.maxLagFactor * Math.max(medianLagUs, 1)) {
    reasons.push(`scheduler lag p99 ${Math.round(lag)} µs > ${rules.maxLagFactor} × batch median ${Math.round(medianLagUs)} µs`);
  }
  const sent = rep.requests.sent;
  const latePct = sent > 0 ? (rep.generator.lateSends / sent) * 100 : 0;
  if (latePct > rules.maxLateSendsPct) {
    reasons.push(`late sends ${rep.generator.lateSends} of ${sent} (${latePct.toFixed(1)} % > ${rules.maxLateSendsPct} %)`);
  }
  const stealPct = (rep.hostCpu?.stealFraction ?? 0) * 100;
  if (stealPct > rules.maxStealPct) reasons.push(`host steal ${stealPct.toFixed(1)} % > ${rules.maxStealPct} %`);
  return reasons;
}
