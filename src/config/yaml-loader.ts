/**
 * Parses a YAML document and validates it against a zod schema, mapping every problem back to
 * `file:line:column` and the field path (yaml's LineCounter + document ranges).
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors.ts';

function locate(doc: Document, lineCounter: LineCounter, path: PropertyKey[]): { line: number; column: number } | undefined {
  // Walk up the path until a node with a source range is found (a missing field points at its parent).
  for (let depth = path.length; depth >= 0; depth--) {
    const keyPath = path.slice(0, depth) as unknown[];
    const node = depth === 0 ? doc.contents : doc.getIn(keyPath, true);
    if (isNode(node) && node.range) {
      // For a present field, point at its key rather than its value when possible.
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    return `${issue.message}`;
  }
  return issue.message;
}

/** Where a field (or, when absent, its nearest parent) is written in a YAML text. */
export function fieldLocation(text: string, path: PropertyKey[]): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return locate(doc, lineCounter, path);
}

/** Alias expansions allowed per document (yaml's own default; stated so it cannot drift). */
const MAX_ALIAS_COUNT = 100;

/** Parses and validates; throws ConfigError listing every issue with its location. */
export function parseYamlWithSchema<S extends z.ZodType>(options: { file: string; text: string; schema: S }): z.output<S> {
  const { file, text, schema } = options;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line,
        column: e.linePos?.[0]?.col,
        path: '',
        message: `YAML syntax: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    );
  }
  let data: unknown;
  try {
    // yaml refuses documents whose aliases expand too far (a "billion laughs" alias bomb).
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw new ConfigError([
      { file, line: 1, column: 1, path: '', message: `YAML aliases expand too far (${(err as Error).message.replace(/\.$/, '')}); write the values out instead of nesting aliases` },
    ]);
  }
  if (data === null || data === undefined) {
    throw new ConfigError([{ file, path: '', message: 'the file is empty' }]);
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    // For unknown keys, point at the offending key itself.
    const path =
      issue.code === 'unrecognized_keys' && issue.keys.length > 0 ? [...issue.path, issue.keys[0] as string] : issue.path;
    const pos = locate(doc, lineCounter, path);
    return {
      file,
      line: pos?.line,
      column: pos?.column,
      path: issue.path.map(String).join('.'),
      message: describeIssue(issue),
    };
  });
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  throw new ConfigError(issues);
}
