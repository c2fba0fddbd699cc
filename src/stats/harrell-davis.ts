/**
 * Harrell-Davis quantile estimator (Harrell & Davis 1982, "A new distribution-free quantile
 * estimator", Biometrika 69(3):635–640) over counted values such as the buckets of an HDR
 * histogram. Pure.
 *
 * θ̂(p) = Σ_i w_i·x_(i), w_i = I_{i/n}(a, b) − I_{(i−1)/n}(a, b), a = p(n+1), b = (1−p)(n+1),
 * with I the regularized incomplete beta function. Every order statistic gets a weight, not only
 * the one or two next to the p-th position, so the estimate of a tail quantile of a short window
 * moves less from window to window than the plain sample quantile (docs/gate.md has the
 * measurement). A bucket of c equal values x covering order statistics k+1 … k+c contributes
 * x·(I_{(k+c)/n} − I_{k/n}): the sum telescopes, so the cost is one beta evaluation per bucket.
 * I comes from @stdlib/math-base-special-betainc (checked against scipy.special.betainc in the
 * tests).
 */
import { createRequire } from 'node:module';

type Betainc = (x: number, a: number, b: number, regularized: boolean, upper: boolean) => number;
let betaincFn: Betainc | undefined;

/**
 * @stdlib/math-base-special-betainc, required on first use: it is ~330 CommonJS files, about 0.6 s
 * of start-up on this machine, and only the harrell-davis estimator needs it (docs/build.md).
 */
function betainc(): Betainc {
  betaincFn ??= createRequire(import.meta.url)('@stdlib/math-base-special-betainc') as Betainc;
  return betaincFn;
}

/** One distinct value and how many times it was seen. */
export interface CountedValue {
  value: number;
  count: number;
}

/** Regularized incomplete beta I_x(a, b). */
export function regularizedIncompleteBeta(options: { x: number; a: number; b: number }): number {
  const { x, a, b } = options;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return betainc()(x, a, b, true, false);
}

/**
 * The Harrell-Davis estimate of the p-quantile (0 < p < 1) of counted values sorted by value
 * (ascending). Null when there is no value.
 */
export function harrellDavisQuantile(options: { values: readonly CountedValue[]; p: number }): number | null {
  const { values, p } = options;
  if (!(p > 0 && p < 1)) throw new RangeError(`harrellDavisQuantile: p must be in (0, 1), got ${p}`);
  const n = values.reduce((acc, v) => acc + v.count, 0);
  if (n === 0) return null;
  const a = p * (n + 1);
  const b = (1 - p) * (n + 1);
  let below = 0;
  let cdfBelow = 0;
  let estimate = 0;
  for (const { value, count } of values) {
    if (count <= 0) continue;
    const upTo = below + count;
    const cdfUpTo = regularizedIncompleteBeta({ x: upTo / n, a, b });
    estimate += value * (cdfUpTo - cdfBelow);
    below = upTo;
    cdfBelow = cdfUpTo;
  }
  return estimate;
}
