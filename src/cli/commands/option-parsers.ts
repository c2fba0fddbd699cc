/** commander option parsers with clear messages. */
import { InvalidArgumentError, Option } from 'commander';
import { durationProblem, formatDurationMs, parseDurationMs } from '../../config/duration.ts';

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function parseDuration(value: string, allowZero: boolean): number {
  const ms = parseDurationMs(value);
  if (ms === undefined) throw new InvalidArgumentError('must be a duration with a unit, e.g. 30s or 500ms');
  const problem = durationProblem(ms, { allowZero });
  if (problem) throw new InvalidArgumentError(problem);
  return ms;
}

/** A duration longer than zero (a window, a timeout), within what Node timers can hold. */
export function parseDurationOption(value: string): number {
  return parseDuration(value, false);
}

/** A duration that may be zero (a warm-up). */
export function parseOptionalDurationOption(value: string): number {
  return parseDuration(value, true);
}

/** A duration option whose default reads as a duration in --help (`10s`), not as milliseconds. */
export function durationOption(options: { flags: string; description: string; defaultMs: number; allowZero?: boolean }): Option {
  const parse = options.allowZero ? parseOptionalDurationOption : parseDurationOption;
  return new Option(options.flags, options.description).argParser(parse).default(options.defaultMs, formatDurationMs(options.defaultMs));
}
