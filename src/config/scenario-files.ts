/**
 * Files a scenario names (the PEM files of `load.tls`): a relative path is read from the scenario
 * file's folder, so a scenario and its certificates travel together. Each is resolved to an
 * absolute path and checked to be a readable file; a problem names the scenario file, the line and
 * the field.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, type ConfigIssue, describeFsError } from '../errors.ts';
import { LOAD_TLS_FILE_FIELDS } from './load-tls-schema.ts';
import type { Scenario } from './scenario-schema.ts';
import { fieldLocation } from './yaml-loader.ts';

/** Options of {@link resolveScenarioFiles}. */
export interface ScenarioFilesOptions {
  spec: Scenario;
  /** The scenario file, absolute: relative paths are read from its folder. */
  file: string;
  /** The scenario file as errors show it. */
  shownFile: string;
  /** Its text, to find the line of a field. */
  text: string;
}

function fileProblem(path: string): string | null {
  try {
    if (!statSync(path).isFile()) return 'is not a file';
    accessSync(path, constants.R_OK);
    return null;
  } catch (err) {
    return describeFsError(err);
  }
}

/** The scenario with every `load.tls` file path absolute; throws ConfigError for a missing or unreadable file. */
export function resolveScenarioFiles(options: ScenarioFilesOptions): Scenario {
  const tls = options.spec.load.tls;
  if (tls === undefined) return options.spec;
  const resolved = { ...tls };
  const issues: ConfigIssue[] = [];
  for (const field of LOAD_TLS_FILE_FIELDS) {
    const written = tls[field];
    if (written === undefined) continue;
    const path = isAbsolute(written) ? written : resolve(dirname(options.file), written);
    const problem = fileProblem(path);
    if (problem) {
      const at = fieldLocation(options.text, ['load', 'tls', field]);
      issues.push({ file: options.shownFile, line: at?.line, column: at?.column, path: `load.tls.${field}`, message: `${written}${path === written ? '' : ` (${path})`}: ${problem}` });
    }
    resolved[field] = path;
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { ...options.spec, load: { ...options.spec.load, tls: resolved } };
}
