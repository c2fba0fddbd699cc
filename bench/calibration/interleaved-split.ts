/**
 * Random A/A splits of time-ordered repetitions that respect the time structure: a window of
 * 2n consecutive repetitions at a random offset, each consecutive pair assigned AB or BA at
 * random. This mimics the interleaved design the gate assumes (reference/regression-gating.md
 * §2.5: ABAB/ABBA interleaving, randomized per RMIT; §5.1: "thousands of random pseudo-A/B
 * splits that respect the interleaved time structure").
 */

export interface Split {
  /** Indices (into the time-ordered repetitions) of the A and B arms, n each. */
  a: number[];
  b: number[];
}

/** One split of `perSide` + `perSide` repetitions out of `total`. */
export function interleavedSplit(options: { total: number; perSide: number; random: () => number }): Split {
  const { total, perSide, random } = options;
  if (perSide < 1 || 2 * perSide > total) {
    throw new RangeError(`interleavedSplit: cannot take 2 × ${perSide} repetitions out of ${total}`);
  }
  const offset = Math.floor(random() * (total - 2 * perSide + 1));
  const a: number[] = [];
  const b: number[] = [];
  for (let pair = 0; pair < perSide; pair++) {
    const first = offset + 2 * pair;
    if (random() < 0.5) {
      a.push(first);
      b.push(first + 1);
    } else {
      b.push(first);
      a.push(first + 1);
    }
  }
  return { a, b };
}
