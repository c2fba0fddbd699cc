import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeLine } from '../../src/cli/cli-context.ts';

describe('writeLine', () => {
  it('writes the line and a newline; an empty line without arguments', () => {
    const stream = new PassThrough();
    writeLine(stream, 'hello');
    writeLine(stream);
    expect(stream.read()?.toString()).toBe('hello\n\n');
  });
});
