import { describe, expect, it } from 'vitest';
import { ConfigError, describeFsError, formatConfigIssue, ExitCode, exitCodeOf, HarnessError, interruptedError, isInterrupted, usageError } from '../src/errors.ts';

describe('HarnessError', () => {
  it.each([
    ['CONFIG_INVALID', 2],
    ['USAGE', 2],
    ['TOOL_NOT_FOUND', 3],
    ['COMMAND_FAILED', 4],
    ['NOT_READY', 5],
    ['RUN_INVALID', 6],
    ['WRITE_FAILED', 7],
    ['REGRESSION_FOUND', 10],
    ['INTERRUPTED', 130],
    ['INTERNAL', 1],
  ] as const)('%s exits %d', (code, exit) => {
    expect(new HarnessError(code, 'x').exitCode).toBe(exit);
  });

  it('keeps hint, details and cause', () => {
    const cause = new Error('root');
    const err = new HarnessError('COMMAND_FAILED', 'kubectl failed', { hint: 'check the cluster', details: ['line 1'], cause });
    expect(err).toMatchObject({ name: 'HarnessError', code: 'COMMAND_FAILED', message: 'kubectl failed', hint: 'check the cluster', details: ['line 1'], cause });
    expect(new HarnessError('INTERNAL', 'x').details).toEqual([]);
  });
});

describe('ConfigError', () => {
  it('leads with the first issue located as file:line:column field, the rest as details', () => {
    const err = new ConfigError([
      { file: 's.yaml', line: 4, column: 3, path: 'load.rps', message: 'must be positive' },
      { file: 's.yaml', line: 9, column: 1, path: 'name', message: 'is required' },
    ]);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.exitCode).toBe(ExitCode.ConfigInvalid);
    expect(err.message).toBe('s.yaml:4:3 load.rps: must be positive (and 1 more)');
    expect(err.details).toEqual(['s.yaml:9:1 name: is required']);
    expect(err.hint).toContain('bench validate');
    expect(new ConfigError([]).message).toBe('invalid configuration');
  });
});

describe('exit codes through cause chains', () => {
  it('the innermost HarnessError decides; anything else is internal', () => {
    const inner = new HarnessError('TOOL_NOT_FOUND', 'no kind');
    const outer = new HarnessError('COMMAND_FAILED', 'setup failed', { cause: new Error('wrapped', { cause: inner }) });
    expect(exitCodeOf(outer)).toBe(3);
    expect(exitCodeOf(new Error('bug'))).toBe(1);
    expect(exitCodeOf('not an error')).toBe(1);
  });

  it('an interruption anywhere in the chain is an interruption', () => {
    expect(isInterrupted(new Error('stopped', { cause: interruptedError() }))).toBe(true);
    expect(isInterrupted(usageError('bad flag'))).toBe(false);
    expect(interruptedError().exitCode).toBe(130);
  });
});

describe('helpers', () => {
  it('usage errors carry a hint, --help by default', () => {
    expect(usageError('bad flag')).toMatchObject({ code: 'USAGE', hint: 'run `bench --help` for usage' });
    expect(usageError('bad flag', 'try --rps').hint).toBe('try --rps');
  });

  it('fs errors in plain words', () => {
    const errno = (code: string) => Object.assign(new Error('raw'), { code });
    expect(describeFsError(errno('ENOSPC'))).toBe('ENOSPC (no space left on device)');
    expect(describeFsError(errno('EWEIRD'))).toBe('EWEIRD');
    expect(describeFsError(new Error('plain'))).toBe('plain');
    expect(describeFsError(42)).toBe('42');
  });
});

describe('formatConfigIssue', () => {
  it('file:line:column, column 1 when unknown, the file alone without a line', () => {
    expect(formatConfigIssue({ file: 'f.yaml', line: 2, path: 'a.b', message: 'bad' })).toBe('f.yaml:2:1 a.b: bad');
    expect(formatConfigIssue({ file: 'f.yaml', path: '', message: 'the file is empty' })).toBe('f.yaml the file is empty');
  });
});
