/**
 * `bench validate <files...> [--json [FILE]]`: checks every scenario, target and gate file given
 * and reports every problem of every file (file, line, column, field), not just the first; exits
 * 2 when any file has a problem.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseGateConfig } from '../../compare/gate/gate-file.ts';
import { validateConfigFile } from '../../config/config-files.ts';
import { ConfigError, type ConfigIssue, describeFsError, formatConfigIssue, HarnessError } from '../../errors.ts';
import { type CliContext, writeLine } from '../cli-context.ts';
import { jsonDestination, jsonOption, type JsonFlag, tableStream, writeJson } from './json-output.ts';

/** What validate found in one file. */
export interface FileValidation {
  file: string;
  valid: boolean;
  /** `Scenario`, `Target` or `Gate` when the file could be parsed, else null. */
  kind: string | null;
  name: string | null;
  problems: { line: number | null; column: number | null; field: string; message: string }[];
}

function problemsOf(file: string, err: unknown): FileValidation['problems'] {
  const issues: ConfigIssue[] =
    err instanceof ConfigError ? err.issues : [{ file, path: '', message: err instanceof HarnessError || err instanceof Error ? err.message : String(err) }];
  return issues.map((i) => ({ line: i.line ?? null, column: i.column ?? null, field: i.path, message: i.message }));
}

/** Validates one file; never throws for a problem in the file. */
export function validateFile(file: string, cwd: string): FileValidation {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { file, valid: false, kind: null, name: null, problems: [{ line: null, column: null, field: '', message: code === 'ENOENT' ? 'file not found' : `cannot read: ${describeFsError(err)}` }] };
  }
  try {
    if (/^kind:\s*Gate\s*$/m.test(text)) {
      const gate = parseGateConfig({ file, text });
      return { file, valid: true, kind: 'Gate', name: gate.name, problems: [] };
    }
    const { kind, name } = validateConfigFile(file, cwd);
    return { file, valid: true, kind, name, problems: [] };
  } catch (err) {
    if (!(err instanceof HarnessError)) throw err;
    return { file, valid: false, kind: null, name: null, problems: problemsOf(file, err) };
  }
}

/** The lines people read: `ok FILE: Kind "name"`, or the file followed by each problem. */
export function renderValidation(results: readonly FileValidation[]): string[] {
  return results.flatMap((r) => {
    if (r.valid) return [`ok ${r.file}: ${r.kind} "${r.name}"`];
    const n = r.problems.length;
    return [
      `✖ ${r.file}: ${n} problem${n === 1 ? '' : 's'}`,
      ...r.problems.map((p) => `  ${formatConfigIssue({ file: r.file, line: p.line ?? undefined, column: p.column ?? undefined, path: p.field, message: p.message })}`),
    ];
  });
}

export function registerValidateCommand(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check scenario, target or gate files (schema, units, unknown fields); every problem of every file')
    .argument('<files...>', 'scenario, target or gate YAML files')
    .addOption(jsonOption('every file with its problems (file, line, column, field)'))
    .action((files: string[], flags: { json?: JsonFlag }) => {
      const json = jsonDestination({ flag: flags.json, cwd: ctx.cwd, what: 'JSON validation report', inputs: files });
      const results = files.map((file) => validateFile(file, ctx.cwd));
      const table = tableStream(ctx, json);
      for (const line of renderValidation(results)) writeLine(table, line);
      const failed = results.filter((r) => !r.valid);
      if (json) writeJson(ctx, json, { valid: failed.length === 0, files: results });
      const first = failed[0];
      if (first) {
        const problems = failed.reduce((n, r) => n + r.problems.length, 0);
        const p = first.problems[0];
        const head = p ? formatConfigIssue({ file: first.file, line: p.line ?? undefined, column: p.column ?? undefined, path: p.field, message: p.message }) : first.file;
        const message = problems === 1 ? head : `${problems} problems in ${failed.length} of ${results.length} file(s) (${failed.map((r) => r.file).join(', ')}); the first: ${head}`;
        throw new HarnessError('CONFIG_INVALID', message, { hint: 'every problem is listed above with file:line:column and the field' });
      }
    });
}
