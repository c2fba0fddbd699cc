import { describe, expect, it } from 'vitest';
import { durationMsField, durationProblem, MAX_TIMER_MS, optionalDurationMsField, parseDurationMs } from '../../src/config/duration.ts';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1_500],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['250us', 0.25],
  ])('%s = %d ms', (text, ms) => expect(parseDurationMs(text)).toBe(ms));
  it.each(['', '30', 's', '3q', '-1s', '1 s'])('rejects %j', (text) => expect(parseDurationMs(text)).toBeUndefined());
});

describe('durationProblem', () => {
  it('zero only where allowed, nothing under 1 ms, nothing a Node timer cannot hold', () => {
    expect(durationProblem(0, { allowZero: true })).toBeNull();
    expect(durationProblem(0, { allowZero: false })).toBe('must be longer than zero');
    expect(durationProblem(0.25, { allowZero: true })).toBe('must be at least 1ms (timers have millisecond resolution)');
    expect(durationProblem(MAX_TIMER_MS, { allowZero: false })).toBeNull();
    expect(durationProblem(MAX_TIMER_MS + 1, { allowZero: false })).toMatch(/^must be at most 2147483647 ms/);
  });
});

describe('duration fields of YAML files', () => {
  it('resolve to milliseconds, and refuse what is no duration or cannot work, quoting the text', () => {
    expect(durationMsField.parse('2m')).toBe(120_000);
    expect(optionalDurationMsField.parse('0s')).toBe(0);
    expect(durationMsField.safeParse('0s').error?.issues[0]?.message).toBe('"0s" must be longer than zero');
    expect(durationMsField.safeParse('soon').error?.issues[0]?.message).toBe('"soon" is not a duration (use a number with us, ms, s, m or h, e.g. "30s")');
    expect(durationMsField.safeParse(30).error?.issues[0]?.message).toBe('expected a duration with a unit, e.g. "30s" or "500ms"');
  });
});
