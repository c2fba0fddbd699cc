/**
 * The α of this look: the gate file's α spent over two looks (the first batch, then once the
 * pre-declared fresh batch), so both looks together keep the gate's α (docs/gate.md). Pure.
 */
import { type LookAlphas, lookAlphas } from '../../stats/alpha-spending.ts';
import type { GateConfig } from './gate-config.ts';
import { formatAlpha } from './metric-format.ts';

/** This look's α, both looks' α, and the note that states them. */
export interface Look {
  alphas: LookAlphas;
  /** The α the tests run at on this look. */
  alpha: number;
  note: string;
}

/** The first look, or the second (`extended`: the first and the fresh batch together). */
export function lookOf(config: GateConfig, extended: boolean): Look {
  const looks = config.looks;
  const alphas = lookAlphas({ fn: looks.spending, alpha: config.familyAlpha, firstFraction: looks.firstFraction, firstShare: looks.firstShare });
  const alpha = extended ? alphas.second : alphas.first;
  const spent = `α ${config.familyAlpha} spent over two looks (${looks.spending}): ${formatAlpha(alphas.first)} at the first, ${formatAlpha(alphas.second)} at the second`;
  return {
    alphas,
    alpha,
    note: extended
      ? `second look: the first and the fresh batch together, tested at α ${formatAlpha(alpha)} (${spent}); there is no further look`
      : `first look at α ${formatAlpha(alpha)} (${spent})`,
  };
}
