/** commander option parsers with clear messages. */
import { InvalidArgumentError } from 'commander';
import { parseDurationMs } from '../../config/duration.ts';

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

export function parseDurationOption(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined) throw new InvalidArgumentError('must be a duration with a unit, e.g. 30s or 500ms');
  return ms;
}

/** A duration that must be longer than zero (a measured window, a timeout). */
export function parsePositiveDurationOption(value: string): number {
  const ms = parseDurationOption(value);
  if (ms <= 0) throw new InvalidArgumentError('must be longer than zero, e.g. 30s or 500ms');
  return ms;
}
