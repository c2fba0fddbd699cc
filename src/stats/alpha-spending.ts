/**
 * How the gate's family α is spent over its two pre-declared looks (the first batch, then one
 * fresh batch that extends an inconclusive gate or confirms a regression). Pure.
 *
 * The spending function α(t) gives the error spent by information fraction t (Lan & DeMets 1983,
 * "Discrete sequential boundaries for clinical trials", Biometrika 70(3):659–663):
 * - `pocock`: α·ln(1 + (e − 1)·t) (the Pocock-type function of Lan & DeMets 1983; Kim & DeMets
 *   1987, Biometrika 74(1):149–154);
 * - `obrien-fleming`: 2 − 2Φ(z_{1−α/2}/√t) (the O'Brien-Fleming-type function of the same
 *   paper, for a one-sided α);
 * - `split`: a declared share of α at the first look, the rest at the second.
 * The first look tests at α₁ = α(t₁); the second look (first and fresh batch together) at
 * α₂ = α − α₁. By the union bound P(false alarm at look 1 or look 2) ≤ α₁ + α₂ = α whatever the
 * correlation between the looks; the exact group-sequential boundary would allow a slightly
 * larger α₂, which this gate gives away for a rule that needs no joint distribution.
 */
import { normalQuantile, normalUpperTail } from './standard-normal.ts';

/** Spending functions a gate file can name. */
export const SPENDING_FUNCTIONS = ['pocock', 'obrien-fleming', 'split'] as const;
export type SpendingFunction = (typeof SPENDING_FUNCTIONS)[number];

/** The α of each look. */
export interface LookAlphas {
  first: number;
  second: number;
}

/** α spent by information fraction t (0 < t ≤ 1) under a spending function. */
export function alphaSpent(options: { fn: SpendingFunction; alpha: number; t: number; firstShare?: number | undefined }): number {
  const { fn, alpha, t } = options;
  if (!(t > 0 && t <= 1)) throw new RangeError(`alphaSpent: information fraction must be in (0, 1], got ${t}`);
  if (t === 1) return alpha;
  switch (fn) {
    case 'pocock':
      return alpha * Math.log(1 + (Math.E - 1) * t);
    case 'obrien-fleming':
      return Math.min(alpha, 2 * normalUpperTail(normalQuantile(1 - alpha / 2) / Math.sqrt(t)));
    case 'split':
      return alpha * (options.firstShare ?? 0.5);
  }
}

/** α of the first and the second look for a first look at information fraction t₁. */
export function lookAlphas(options: { fn: SpendingFunction; alpha: number; firstFraction: number; firstShare?: number | undefined }): LookAlphas {
  const first = alphaSpent({ fn: options.fn, alpha: options.alpha, t: options.firstFraction, firstShare: options.firstShare });
  return { first, second: options.alpha - first };
}
