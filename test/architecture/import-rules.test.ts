/**
 * The dependency rules of design.md, checked on the source: the one-way import direction, the
 * single importers of execa and client-node, pure modules, and the CLI as the only place that
 * touches argv and exit codes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

interface ImportRef {
  file: string;
  area: string;
  target: string;
  typeOnly: boolean;
}

const files = sourceFiles(SRC).map((path) => ({ path, rel: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const areaOf = (rel: string) => (rel.includes('/') ? (rel.split('/')[0] as string) : rel.replace(/\.ts$/, ''));

const imports: ImportRef[] = files.flatMap(({ rel, text }) =>
  [...text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)].map((m) => {
    const spec = m[3] as string;
    const target = spec.startsWith('.') ? areaOf(relative(SRC, join(SRC, rel, '..', spec))) : spec;
    return { file: rel, area: areaOf(rel), target, typeOnly: Boolean(m[2]) };
  }),
);

const violations = (predicate: (ref: ImportRef) => boolean) => imports.filter(predicate).map((r) => `${r.file} → ${r.target}`);

const PURE = ['config', 'results', 'compare', 'report'];
const SIDE_EFFECTS = ['exec', 'kube', 'pipeline', 'platform', 'mesh', 'cli', 'tools'];
const MIDDLE = ['platform', 'mesh', 'workload', 'load', 'metrics'];

describe('import rules (design.md)', () => {
  it('only src/exec imports execa', () => {
    expect(violations((r) => r.target === 'execa' && r.area !== 'exec')).toEqual([]);
  });

  it('only src/kube imports @kubernetes/client-node', () => {
    expect(violations((r) => r.target.startsWith('@kubernetes/client-node') && r.area !== 'kube')).toEqual([]);
  });

  it('config, results, compare and report are pure: no exec, kube, pipeline, platform, mesh', () => {
    expect(violations((r) => PURE.includes(r.area) && SIDE_EFFECTS.includes(r.target))).toEqual([]);
  });

  it('dependencies point one way: nothing imports cli; lower layers use pipeline types only', () => {
    expect(violations((r) => r.target === 'cli' && r.area !== 'cli')).toEqual([]);
    expect(violations((r) => MIDDLE.includes(r.area) && r.target === 'pipeline' && !r.typeOnly)).toEqual([]);
    expect(violations((r) => ['kube', 'exec'].includes(r.area) && [...MIDDLE, 'pipeline'].includes(r.target) && !r.typeOnly)).toEqual([]);
  });

  it('only the CLI reads argv or exits the process (separate programs: *-main.ts)', () => {
    // Lines that are string literals (scripts shipped to probe pods) do not count.
    const code = (text: string) => text.split('\n').filter((l) => !/^\s*['"`]/.test(l)).join('\n');
    const offenders = files
      .filter(({ rel }) => !rel.startsWith('cli/') && !rel.endsWith('-main.ts'))
      .filter(({ text }) => /process\.exit\(|process\.argv/.test(code(text)))
      .map(({ rel }) => rel);
    expect(offenders).toEqual([]);
  });
});
