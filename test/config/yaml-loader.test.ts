import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseYamlWithSchema } from '../../src/config/yaml-loader.ts';
import { ConfigError } from '../../src/errors.ts';

const Schema = z.object({ name: z.string(), load: z.object({ rps: z.number().positive() }).strict() }).strict();

function issuesOf(text: string) {
  try {
    parseYamlWithSchema({ file: 'f.yaml', text, schema: Schema });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('parseYamlWithSchema', () => {
  it('returns the parsed, validated document', () => {
    expect(parseYamlWithSchema({ file: 'f.yaml', text: 'name: a\nload: { rps: 5 }\n', schema: Schema })).toEqual({ name: 'a', load: { rps: 5 } });
  });

  it('points a wrong value at its line and column with the field path', () => {
    expect(issuesOf('name: a\nload:\n  rps: -1\n')).toEqual([{ file: 'f.yaml', line: 3, column: 8, path: 'load.rps', message: expect.stringContaining('>0') }]);
  });

  it('points an unknown field at the key itself, and a missing one at its parent', () => {
    const [unknown] = issuesOf('name: a\nload:\n  rps: 1\n  burst: 2\n');
    expect(unknown).toMatchObject({ line: 4, path: 'load', message: 'unknown field "burst"' });
    const [missing] = issuesOf('name: a\nload:\n  {}\n');
    expect(missing).toMatchObject({ line: 3, path: 'load.rps' });
  });

  it('lists every issue sorted by line', () => {
    expect(issuesOf('load:\n  rps: 0\nname: 3\n').map((i) => [i.line, i.path])).toEqual([
      [2, 'load.rps'],
      [3, 'name'],
    ]);
  });

  it('reports YAML syntax errors, duplicate keys and empty files', () => {
    expect(issuesOf('name: [a\n')[0]?.message).toMatch(/^YAML syntax: /);
    expect(issuesOf('name: a\nname: b\n')[0]?.message).toMatch(/^YAML syntax: .*unique/i);
    expect(issuesOf('# nothing\n')).toEqual([{ file: 'f.yaml', path: '', message: 'the file is empty' }]);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`), 'name: *h'].join('\n');
    expect(issuesOf(bomb)[0]?.message).toMatch(/^YAML aliases expand too far/);
  });
});
