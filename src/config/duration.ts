import { z } from 'zod';

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses `250ms`, `30s`, `2m`, `1h30m`, `1.5s` into milliseconds; undefined if malformed. */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(us|ms|s|m|h))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const m of trimmed.matchAll(/(\d+(?:\.\d+)?)(us|ms|s|m|h)/g)) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  }
  return total;
}

/** A YAML duration field: a string with a unit (`30s`), resolved to milliseconds. */
export const durationMsField = z
  .string({ error: 'expected a duration with a unit, e.g. "30s" or "500ms"' })
  .transform((text, ctx) => {
    const ms = parseDurationMs(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (use a number with us, ms, s, m or h, e.g. "30s")` });
      return z.NEVER;
    }
    return ms;
  });
