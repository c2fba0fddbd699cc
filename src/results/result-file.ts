/**
 * Reading and writing result files. Writes are atomic (temp file + rename in the same folder),
 * so a crash never leaves a half-written file; reads validate against the schema and refuse
 * unknown major versions.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { HarnessError } from '../errors.ts';
import { RESULT_SCHEMA_VERSION, type ResultFile, ResultFileSchema } from './result-schema.ts';

/** Writes `content` to `path` atomically. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/** Validates and writes a result file atomically. */
export function writeResultFile(path: string, result: ResultFile): void {
  const parsed = ResultFileSchema.safeParse(result);
  if (!parsed.success) {
    throw new HarnessError('INTERNAL', `refusing to write an invalid result file ${path}`, {
      details: parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  writeFileAtomic(path, `${JSON.stringify(parsed.data, null, 2)}\n`);
}

function majorOf(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '', 10);
}

/** Parses result JSON text; `file` is used in messages. */
export function parseResultFile(file: string, text: string): ResultFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new HarnessError('CONFIG_INVALID', `${file}: not valid JSON (${(err as Error).message}); the file may be truncated`, {
      hint: 'a result file is written atomically after every level; re-run or pick an intact file',
    });
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== 'string') {
    throw new HarnessError('CONFIG_INVALID', `${file}: not a meshbench result file (no schemaVersion)`);
  }
  if (majorOf(version) !== majorOf(RESULT_SCHEMA_VERSION)) {
    throw new HarnessError(
      'CONFIG_INVALID',
      `${file}: result schema version ${version} is not supported (this meshbench reads ${majorOf(RESULT_SCHEMA_VERSION)}.x)`,
      { hint: majorOf(version) > majorOf(RESULT_SCHEMA_VERSION) ? 'upgrade meshbench to read newer result files' : 're-run the benchmark with this meshbench' },
    );
  }
  const parsed = ResultFileSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new HarnessError('CONFIG_INVALID', `${file}: invalid result file at ${first?.path.join('.') || '(root)'}: ${first?.message}`, {
      details: parsed.error.issues.slice(1, 10).map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  return parsed.data;
}

export function readResultFile(file: string): ResultFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HarnessError('USAGE', `cannot read result file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseResultFile(file, text);
}
