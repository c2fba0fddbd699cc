/**
 * `--json [FILE]`, the same on every command that has a result worth piping (load, run, doctor,
 * validate, tools list, clusters list, compare):
 * - `--json FILE` writes the JSON to FILE (atomically) and says so on stderr; the command's
 *   table still goes to stdout;
 * - `--json` or `--json -` puts the JSON on stdout, and the table people read goes to stderr, so
 *   stdout is exactly one JSON document;
 * - logs, warnings and errors are on stderr either way.
 * The file is checked before any work, so a bad path never costs a measurement.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { Option } from 'commander';
import { usageError } from '../../errors.ts';
import { checkOutputPath, writeFileAtomic } from '../../results/output-file.ts';
import { type CliContext, writeLine } from '../cli-context.ts';

/** What commander hands over for `--json [file]`: absent, `true` (no value) or the value. */
export type JsonFlag = string | boolean | undefined;

export interface JsonDestination {
  /** The JSON goes to stdout (`--json` or `--json -`). */
  toStdout: boolean;
  /** The file as the user wrote it, or null for stdout. */
  file: string | null;
  /** The file's absolute path, or null for stdout. */
  path: string | null;
  /** Names the output in messages, e.g. `JSON measurement`. */
  what: string;
}

/** The `--json [file]` option with the same wording everywhere. */
export function jsonOption(subject: string): Option {
  return new Option('--json [file]', `${subject} as JSON to FILE; without FILE or with - on stdout (the table then goes to stderr)`);
}

/**
 * Where the JSON goes, or null without --json. Refuses a FILE that is one of the command's
 * inputs (`bench validate --json a.yaml b.yaml` would otherwise overwrite a.yaml) and checks the
 * path before the command does any work.
 */
export function jsonDestination(options: { flag: JsonFlag; cwd: string; what: string; inputs?: readonly string[] }): JsonDestination | null {
  const { flag, cwd, what } = options;
  if (flag === undefined || flag === false) return null;
  if (flag === true || flag === '-') return { toStdout: true, file: null, path: null, what };
  const path = resolve(cwd, flag);
  if ((options.inputs ?? []).some((input) => resolve(cwd, input) === path)) {
    throw usageError(`--json ${flag} is also a file this command reads or writes`, 'put --json after the files, name another file, or write --json - for stdout');
  }
  // `--json [file]` takes the next word: `bench validate --json a.yaml b.yaml` must not eat a.yaml.
  if (existsSync(path) && statSync(path).isFile() && extname(path) !== '.json') {
    throw usageError(`--json ${flag}: that file exists and is not a .json file; not overwriting it`, 'put --json after the files, name a .json file, or write --json - for stdout');
  }
  checkOutputPath({ path, what, overwrite: true });
  return { toStdout: false, file: flag, path, what };
}

/** The stream for what people read: stderr while the JSON has stdout. */
export function tableStream(ctx: CliContext, destination: JsonDestination | null): CliContext['stdout'] {
  return destination?.toStdout ? ctx.stderr : ctx.stdout;
}

/** Pretty-printed JSON text ending in a newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Writes a value (or already rendered JSON text) where the destination says. */
export function writeJson(ctx: CliContext, destination: JsonDestination, value: unknown): void {
  const text = typeof value === 'string' ? value : jsonText(value);
  if (destination.toStdout || destination.path === null) {
    ctx.stdout.write(text);
    return;
  }
  writeFileAtomic(destination.path, text, { what: destination.what });
  writeLine(ctx.stderr, `json: ${destination.file}`);
}
