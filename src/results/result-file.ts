/**
 * Reading and writing result files. Writes are atomic (temp file + rename in the same folder),
 * so a crash never leaves a half-written file; reads validate against the schema and refuse
 * unknown major versions.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { describeFsError, HarnessError } from '../errors.ts';
import { writeFileAtomic } from './output-file.ts';
import { RESULT_SCHEMA_VERSION, type ResultFile, ResultFileSchema } from './result-schema.ts';

export { writeFileAtomic };

/**
 * Validates and writes a result file atomically. `create`: the run's first write, which creates
 * the file exclusively (two runs never share a file); later writes replace it atomically.
 */
export function writeResultFile(path: string, result: ResultFile, options: { create?: boolean } = {}): void {
  const parsed = ResultFileSchema.safeParse(result);
  if (!parsed.success) {
    throw new HarnessError('INTERNAL', `refusing to write an invalid result file ${path}`, {
      details: parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  writeFileAtomic(path, `${JSON.stringify(parsed.data, null, 2)}\n`, { what: 'result file', exclusive: options.create });
}

/**
 * Last resort when the final write of a result failed (disk full): turns the last good version's
 * `"status": "running"` and `"valid": true` into `"status":  "failed"` and `"valid":false` in
 * place. The bytes keep their length, so no new space is needed and the file stays valid JSON.
 * Returns false when the file could not be patched (missing, unreadable, or not in that state).
 */
export function markResultFailedInPlace(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  // Top-level keys of JSON.stringify(…, null, 2) are the only ones indented by two spaces.
  const patches = [
    { from: '\n  "status": "running",', to: '\n  "status":  "failed",' },
    { from: '\n  "valid": true,', to: '\n  "valid":false,' },
  ];
  const edits = patches.map((p) => ({ ...p, at: Buffer.byteLength(text.slice(0, Math.max(0, text.indexOf(p.from)))), found: text.includes(p.from) }));
  if (!edits.some((e) => e.found)) return false;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r+');
    for (const e of edits) if (e.found) writeSync(fd, e.to, e.at);
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
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
      hint: 'meshbench writes result files atomically after every repetition, so a truncated file was cut short elsewhere (a copy, a download); re-run or pick an intact file',
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
    throw new HarnessError('USAGE', `cannot read result file ${file}: ${describeFsError(err)}`);
  }
  return parseResultFile(file, text);
}
