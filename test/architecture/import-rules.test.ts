/**
 * The dependency rules of the architecture (docs/architecture.md), checked on the source: every
 * import points down the layer order (type imports included, no exceptions), no import circle, the
 * single importers of execa and client-node, pure modules, sibling folders that do not reach into
 * each other, and the CLI as the only place that touches argv and exit codes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

interface ImportRef {
  /** Importing file, relative to src/. */
  file: string;
  area: string;
  /** The imported file relative to src/ (relative imports), or the package name. */
  target: string;
  targetArea: string;
  relativeImport: boolean;
}

const files = sourceFiles(SRC).map((path) => ({ path, rel: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const areaOf = (rel: string) => (rel.includes('/') ? (rel.split('/')[0] as string) : rel.replace(/\.ts$/, ''));

/** Static imports and re-exports (type-only ones too) and dynamic `import('…')`. */
const IMPORT_PATTERNS = [/^\s*(?:import|export)\s+(?:type\s+)?[^'";]*?from\s+'([^']+)'/gm, /^\s*import\s+'([^']+)'/gm, /\bimport\(\s*'([^']+)'\s*\)/g];

const imports: ImportRef[] = files.flatMap(({ rel, text }) =>
  IMPORT_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)]).map((m) => {
    const spec = m[1] as string;
    const relativeImport = spec.startsWith('.');
    const target = relativeImport ? relative(SRC, join(SRC, dirname(rel), spec)) : spec;
    return { file: rel, area: areaOf(rel), target, targetArea: relativeImport ? areaOf(target) : spec, relativeImport };
  }),
);

const listed = (refs: ImportRef[]) => refs.map((r) => `${r.file} → ${r.target}`);
const violations = (predicate: (ref: ImportRef) => boolean) => listed(imports.filter(predicate));

/**
 * The layer order, bottom (0) to top. An import may only point to a lower layer or stay inside its
 * own folder; folders on the same layer do not import each other.
 */
const LAYERS: Record<string, number> = {
  errors: 0,
  stats: 1,
  config: 1,
  plan: 2,
  results: 3,
  render: 4,
  compare: 5,
  report: 5,
  exec: 6,
  kube: 6,
  workload: 7,
  load: 8,
  metrics: 8,
  service: 8,
  mesh: 9,
  platform: 10,
  tools: 10,
  pipeline: 11,
  cli: 12,
  /** src/index.ts, the package entry (the programmatic API): above everything, imported by nothing. */
  index: 13,
};

/** No exec, kube, network or processes (index: the programmatic API). */
const PURE = ['stats', 'config', 'plan', 'results', 'render', 'compare', 'report', 'index'];
const IMPURE_MODULES = ['execa', '@kubernetes/client-node', 'node:child_process', 'node:net', 'node:http', 'node:https', 'node:http2', 'node:dgram', 'node:worker_threads', 'node:cluster'];

/**
 * Folders whose sub-folders are siblings that must not import one another. A shared folder
 * (mesh/common, mesh/checks, platform/kube-common) may be imported by the siblings, never the
 * other way round.
 */
const SIBLINGS: Record<string, string[]> = {
  mesh: ['none', 'istio', 'linkerd', 'cilium'],
  platform: ['local', 'kind', 'existing'],
};
const SHARED = ['mesh/common', 'mesh/checks', 'platform/kube-common'];

/** Import circles among the source files (strongly connected components of more than one file). */
function importCircles(): string[][] {
  const edges = new Map<string, string[]>();
  for (const r of imports) if (r.relativeImport) edges.set(r.file, [...(edges.get(r.file) ?? []), r.target]);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) circles.push(component.sort());
    }
  };
  for (const { rel } of files) if (!index.has(rel)) visit(rel);
  return circles;
}

describe('import rules (docs/architecture.md)', () => {
  it('every folder of src/ has a layer', () => {
    expect([...new Set(files.map(({ rel }) => areaOf(rel)))].filter((area) => !(area in LAYERS))).toEqual([]);
  });

  it('every import points down the layers, type imports included', () => {
    expect(violations((r) => r.relativeImport && r.area !== r.targetArea && !((LAYERS[r.targetArea] ?? Infinity) < (LAYERS[r.area] ?? -Infinity)))).toEqual([]);
  });

  it('no import circle', () => {
    expect(importCircles()).toEqual([]);
  });

  it('only src/exec imports execa', () => {
    expect(violations((r) => r.target === 'execa' && r.area !== 'exec')).toEqual([]);
  });

  it('only src/kube imports @kubernetes/client-node', () => {
    expect(violations((r) => r.target.startsWith('@kubernetes/client-node') && r.area !== 'kube')).toEqual([]);
  });

  it('stats, config, plan, results, render, compare, report and the API entry are pure: no processes, network, exec or kube', () => {
    expect(violations((r) => PURE.includes(r.area) && IMPURE_MODULES.some((m) => r.target === m || r.target.startsWith(`${m}/`)))).toEqual([]);
  });

  it('shared folders (mesh/common, mesh/checks, platform/kube-common) do not import the siblings they serve', () => {
    const sibling = /^(mesh\/(none|istio|linkerd|cilium)|platform\/(local|kind|existing))\//;
    expect(violations((r) => SHARED.some((shared) => r.file.startsWith(`${shared}/`)) && sibling.test(r.target))).toEqual([]);
  });

  it('sibling folders (meshes, platforms) do not import one another', () => {
    const siblingOf = (rel: string) => {
      const [area, sub] = rel.split('/');
      return area && sub && SIBLINGS[area]?.includes(sub) ? `${area}/${sub}` : null;
    };
    expect(
      violations((r) => {
        const from = siblingOf(r.file);
        const to = r.relativeImport ? siblingOf(r.target) : null;
        return from !== null && to !== null && from !== to;
      }),
    ).toEqual([]);
  });

  it('compare: gate/ does not import render/; report: svg/ and smp/ do not import html/', () => {
    expect(violations((r) => r.file.startsWith('compare/gate/') && r.target.startsWith('compare/render/'))).toEqual([]);
    expect(violations((r) => /^report\/(svg|smp)\//.test(r.file) && r.target.startsWith('report/html/'))).toEqual([]);
  });

  it('outside mesh/, a mesh is reached through the registry only', () => {
    expect(violations((r) => r.area !== 'mesh' && /^mesh\/(none|istio|linkerd|cilium)\//.test(r.target))).toEqual([]);
  });

  it('only the CLI reads argv or exits the process (separate programs: *-main.ts)', () => {
    // String literals (scripts shipped to probe pods or network namespaces) do not count.
    const code = (text: string) =>
      text
        .replace(/`(?:\\[\s\S]|[^`\\])*`/g, '``')
        .split('\n')
        .filter((l) => !/^\s*['"`]/.test(l))
        .join('\n');
    const offenders = files
      .filter(({ rel }) => !rel.startsWith('cli/') && !rel.endsWith('-main.ts'))
      .filter(({ text }) => /process\.exit\(|process\.argv/.test(code(text)))
      .map(({ rel }) => rel);
    expect(offenders).toEqual([]);
  });
});
