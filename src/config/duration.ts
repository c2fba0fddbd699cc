import * as z from 'zod';

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

/** Milliseconds as the shortest duration text that parses back to them: 10000 → `10s`, 90000 → `1m30s`, 250 → `250ms`. */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  if (!Number.isInteger(ms) || ms < 0) return `${ms}ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1_000]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}

/** Node timers fire after 1 ms for anything longer than this (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface DurationRule {
  /** Zero is meaningful (no warm-up, no added delay); otherwise at least 1 ms. */
  allowZero: boolean;
}

/**
 * Why a duration in ms cannot be used, or null. Shared by the YAML fields and the CLI options so
 * both refuse the same values: zero where it makes no sense, sub-millisecond values (timers have
 * 1 ms resolution) and values Node timers cannot hold.
 */
export function durationProblem(ms: number, rule: DurationRule): string | null {
  if (ms === 0) return rule.allowZero ? null : 'must be longer than zero';
  if (ms < 1) return 'must be at least 1ms (timers have millisecond resolution)';
  if (ms > MAX_TIMER_MS) return `must be at most ${MAX_TIMER_MS} ms (about 24.8 days; longer does not fit a timer)`;
  return null;
}

function durationField(rule: DurationRule) {
  return z.string({ error: 'expected a duration with a unit, e.g. "30s" or "500ms"' }).transform((text, ctx) => {
    const ms = parseDurationMs(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (use a number with us, ms, s, m or h, e.g. "30s")` });
      return z.NEVER;
    }
    const problem = durationProblem(ms, rule);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `"${text}" ${problem}` });
      return z.NEVER;
    }
    return ms;
  });
}

/** A YAML duration field: a string with a unit (`30s`), resolved to milliseconds; longer than zero. */
export const durationMsField = durationField({ allowZero: false });

/** A YAML duration field that may be zero (`0s`: no warm-up, no added delay). */
export const optionalDurationMsField = durationField({ allowZero: true });
