/**
 * The repository stands on its own: no code comment, test, shipped config or document points at
 * notes outside it (a `reference §…`, the `reference/*.md` files, `../shared`, a bare
 * `design.md`). Facts live in docs/ with their upstream sources, and comments point there; every
 * docs/*.md a source file names exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const FOLDERS = ['src', 'bin', 'test', 'scenarios', 'gates', 'clusters', 'docs', 'bench', '.github', '.ci'];
const OUTSIDE = [
  /reference §/,
  /\breference\/(meshes-on-kind|regression-gating|methodology-anchors|libraries|style-anchors)\.md/,
  /\.\.\/shared\b/,
  /\bshared\/(design|reference)/,
];

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|js|md|ya?ml|json)$|^run$/.test(name) ? [path] : [];
  });
}

const all = [join(ROOT, 'README.md'), ...FOLDERS.flatMap((f) => files(join(ROOT, f)))].filter((f) => !f.endsWith('repository-references.test.ts'));

describe('the repository stands on its own', () => {
  it('nothing cites notes outside the repository', () => {
    const found = all.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (OUTSIDE.some((re) => re.test(line)) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('code names design.md only as docs/design.md', () => {
    const code = all.filter((f) => !relative(ROOT, f).startsWith('docs/') && !f.endsWith('README.md'));
    const found = code.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/(?<!docs\/)\bdesign\.md/.test(line) ? [`${relative(ROOT, file)}:${i + 1}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('every docs/*.md a source file or document points at exists', () => {
    const missing = all.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bdocs\/([a-z0-9-]+\.md)/g)].map((m) => m[1] as string).filter((doc) => !existsSync(join(ROOT, 'docs', doc))).map((doc) => `${relative(ROOT, file)} → docs/${doc}`),
    );
    expect(missing).toEqual([]);
  });

  it('links between documents resolve', () => {
    const docs = [join(ROOT, 'README.md'), ...files(join(ROOT, 'docs'))].filter((f) => f.endsWith('.md'));
    const broken = docs.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
        .map((m) => m[1] as string)
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => !existsSync(join(file, '..', target)))
        .map((target) => `${relative(ROOT, file)} → ${target}`),
    );
    expect(broken).toEqual([]);
  });
});
