import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDurationOption, parseOptionalDurationOption, parsePositiveInt, parsePositiveNumber } from '../../../src/cli/commands/option-parsers.ts';

describe('option parsers', () => {
  it('positive integers and numbers', () => {
    expect(parsePositiveInt('12')).toBe(12);
    for (const bad of ['0', '-1', '1.5', 'x', '']) expect(() => parsePositiveInt(bad)).toThrow(new InvalidArgumentError('must be a positive integer'));
    expect(parsePositiveNumber('0.25')).toBe(0.25);
    for (const bad of ['0', '-2', 'NaN', 'Infinity']) expect(() => parsePositiveNumber(bad)).toThrow(InvalidArgumentError);
  });

  it('durations need a unit and must fit a timer; only the optional one may be zero', () => {
    expect(parseDurationOption('30s')).toBe(30_000);
    expect(parseDurationOption('500ms')).toBe(500);
    expect(() => parseDurationOption('30')).toThrow('must be a duration with a unit, e.g. 30s or 500ms');
    expect(() => parseDurationOption('0s')).toThrow(InvalidArgumentError);
    expect(parseOptionalDurationOption('0s')).toBe(0);
    expect(() => parseDurationOption('1000d')).toThrow(InvalidArgumentError);
  });
});
