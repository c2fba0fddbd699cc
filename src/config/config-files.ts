/**
 * Finds and loads scenario and target files. A name (`smoke`) is looked up in `./scenarios` or
 * `./clusters` of the working directory first, then in the ones shipped with meshbench; a path
 * (`my/scenario.yaml`) is loaded as is.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ConfigError, describeFsError, HarnessError } from '../errors.ts';
import { type ClaimsFile, ClaimsFileSchema } from './claims-schema.ts';
import { type Scenario, ScenarioSchema } from './scenario-schema.ts';
import { type Target, TargetSchema } from './target-schema.ts';
import { existingConfigPath, isConfigPath, PACKAGE_ROOT } from './config-paths.ts';
import { resolveScenarioFiles } from './scenario-files.ts';
import { parseYamlWithSchema } from './yaml-loader.ts';

export { existingConfigPath, isConfigPath, PACKAGE_ROOT } from './config-paths.ts';


export type ConfigKind = 'scenario' | 'target';
const FOLDER: Record<ConfigKind, string> = { scenario: 'scenarios', target: 'clusters' };

function searchDirs(kind: ConfigKind, cwd: string): string[] {
  const dirs = [join(cwd, FOLDER[kind]), join(PACKAGE_ROOT, FOLDER[kind])];
  return [...new Set(dirs)];
}

/** Names available for a kind of config, for error hints and listings. */
export function listConfigNames(kind: ConfigKind, cwd = process.cwd()): string[] {
  const names = new Set<string>();
  for (const dir of searchDirs(kind, cwd)) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.yaml')) names.add(basename(f, '.yaml'));
  }
  return [...names].sort();
}

/** Resolves a name or path to a file, or throws a usage error naming what exists. */
export function resolveConfigFile(kind: ConfigKind, nameOrPath: string, cwd = process.cwd()): string {
  if (isConfigPath(nameOrPath)) return existingConfigPath(nameOrPath, cwd);
  for (const dir of searchDirs(kind, cwd)) {
    const file = join(dir, `${nameOrPath}.yaml`);
    if (existsSync(file)) return file;
  }
  const known = listConfigNames(kind, cwd);
  throw new HarnessError('USAGE', `unknown ${kind} "${nameOrPath}"`, {
    hint: `known ${kind}s: ${known.join(', ') || '(none)'}; or pass a path to a .yaml file`,
  });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ file, path: '', message: `cannot read: ${describeFsError(err)}` }]);
  }
}

function displayPath(file: string, cwd: string): string {
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}

export interface LoadedConfig<T> {
  file: string;
  text: string;
  spec: T;
}

export function loadScenario(nameOrPath: string, cwd = process.cwd()): LoadedConfig<Scenario> {
  const file = resolveConfigFile('scenario', nameOrPath, cwd);
  const text = readText(file);
  const shownFile = displayPath(file, cwd);
  const spec = parseYamlWithSchema({ file: shownFile, text, schema: ScenarioSchema });
  return { file, text, spec: resolveScenarioFiles({ spec, file, shownFile, text }) };
}

export function loadTarget(nameOrPath: string, cwd = process.cwd()): LoadedConfig<Target> {
  const file = resolveConfigFile('target', nameOrPath, cwd);
  const text = readText(file);
  return { file, text, spec: parseYamlWithSchema({ file: displayPath(file, cwd), text, schema: TargetSchema }) };
}

/** The published claims shipped with meshbench (docs/capability-matrix.md). */
export const SHIPPED_CLAIMS_FILE = join(PACKAGE_ROOT, 'claims', 'published.yaml');

/** Loads a claims file (by path). */
export function loadClaims(path: string, cwd = process.cwd()): LoadedConfig<ClaimsFile> {
  const file = existingConfigPath(path, cwd);
  const text = readText(file);
  return { file, text, spec: parseYamlWithSchema({ file: displayPath(file, cwd), text, schema: ClaimsFileSchema }) };
}

/** Validates any config file, choosing the schema from its `kind:` field. */
export function validateConfigFile(path: string, cwd = process.cwd()): { kind: 'Scenario' | 'Target' | 'Claims'; name: string } {
  const file = resolve(cwd, path);
  const text = readText(file);
  const kindMatch = /^kind:\s*(\w+)/m.exec(text);
  const shown = displayPath(file, cwd);
  if (kindMatch?.[1] === 'Target') {
    return { kind: 'Target', name: parseYamlWithSchema({ file: shown, text, schema: TargetSchema }).name };
  }
  if (kindMatch?.[1] === 'Claims') {
    return { kind: 'Claims', name: `${parseYamlWithSchema({ file: shown, text, schema: ClaimsFileSchema }).claims.length} claims` };
  }
  if (kindMatch?.[1] === 'Scenario' || !kindMatch) {
    const spec = parseYamlWithSchema({ file: shown, text, schema: ScenarioSchema });
    return { kind: 'Scenario', name: resolveScenarioFiles({ spec, file, shownFile: shown, text }).name };
  }
  const line = text.slice(0, kindMatch.index).split('\n').length;
  throw new ConfigError([{ file: shown, line, column: 7, path: 'kind', message: `unknown kind "${kindMatch[1]}" (expected Scenario, Target or Claims)` }]);
}
