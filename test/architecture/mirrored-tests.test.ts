/**
 * Tests mirror src/ file by file (docs/architecture.md): every source file with runtime logic has a
 * test file at the mirrored path, `src/a/b.ts` → `test/a/b.test.ts`.
 *
 * Whether a file has runtime logic is decided on its syntax tree (TypeScript compiler API): a file
 * that holds only imports, re-exports, types, interfaces and constant data (literals, and objects
 * and arrays of them) is logic-free. Any function, method, accessor, class, call, `new` or tagged
 * template outside a type is logic: zod schemas, for instance, are calls and validate input, so
 * they count.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');


function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const LOGIC_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ClassExpression,
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.NewExpression,
  ts.SyntaxKind.TaggedTemplateExpression,
]);

/** The first piece of runtime logic in a source text (its kind and line), or null when there is none. */
function firstLogic(fileName: string, text: string): string | null {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let found: string | null = null;
  const visit = (node: ts.Node): void => {
    if (found !== null || ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isModuleDeclaration(node)) return;
    if (LOGIC_KINDS.has(node.kind)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found = `${ts.SyntaxKind[node.kind]} at line ${line}`;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const mirroredTestOf = (rel: string) => join(ROOT, 'test', rel.replace(/\.ts$/, '.test.ts'));

describe('mirrored tests (docs/architecture.md)', () => {
  it('tells logic from types and constant data', () => {
    expect(firstLogic('a.ts', "import type { A } from './a.ts';\nexport interface B { f(x: number): A }\nexport type C = (x: B) => void;\nexport { d } from './d.ts';")).toBeNull();
    expect(firstLogic('a.ts', "export const LIMITS = { maxMs: 60 * 1000, names: ['a', `b`] } as const;\nexport enum E { A = 1 }")).toBeNull();
    expect(firstLogic('a.ts', 'export const f = (x: number) => x + 1;')).toBe('ArrowFunction at line 1');
    expect(firstLogic('a.ts', "import { z } from 'zod';\n\nexport const S = z.object({});")).toBe('CallExpression at line 3');
    expect(firstLogic('a.ts', 'export class K {}')).toBe('ClassDeclaration at line 1');
    expect(firstLogic('a.ts', 'export const o = { get x() { return 1; } };')).toBe('GetAccessor at line 1');
  });

  it('every source file with logic in src/ has a test at the mirrored path', () => {
    const missing = sourceFiles(SRC)
      .map((path) => ({ path, rel: relative(SRC, path) }))
      .filter(({ rel }) => !existsSync(mirroredTestOf(rel)))
      .flatMap(({ path, rel }) => {
        const logic = firstLogic(rel, readFileSync(path, 'utf8'));
        return logic ? [`src/${rel} (${logic}) → test/${rel.replace(/\.ts$/, '.test.ts')}`] : [];
      });
    expect(missing).toEqual([]);
  });
});
