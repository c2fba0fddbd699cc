/**
 * Where a gate comes from: a name (`default`) is looked up in `./gates` of the working directory,
 * then in the gates shipped with meshbench; a path is taken as is. Reads the file's text without
 * parsing it, so a caller can skip the YAML parser for a shipped gate it already holds parsed
 * (gate-loader.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { existingConfigPath, isConfigPath, PACKAGE_ROOT } from '../../config/config-paths.ts';
import { ConfigError, describeFsError, HarnessError } from '../../errors.ts';
import type { GateConfig } from './gate-config.ts';

/** The gate used when `--gate` is not given. */
export const DEFAULT_GATE_NAME = 'default';

/** A gate and the path it came from. */
export interface LoadedGate {
  /** Path as shown to the user. */
  file: string;
  gate: GateConfig;
}

/** A gate file's text and its path as shown to the user. */
export interface GateSource {
  /** Path as shown to the user. */
  file: string;
  text: string;
}

function gateDirs(cwd: string): string[] {
  return [...new Set([join(cwd, 'gates'), join(PACKAGE_ROOT, 'gates')])];
}

function knownGateNames(cwd: string): string[] {
  const names = new Set<string>();
  for (const dir of gateDirs(cwd)) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.yaml')) names.add(basename(f, '.yaml'));
  }
  return [...names].sort();
}

function resolveGateFile(nameOrPath: string, cwd: string): string {
  if (isConfigPath(nameOrPath)) return existingConfigPath(nameOrPath, cwd);
  for (const dir of gateDirs(cwd)) {
    const file = join(dir, `${nameOrPath}.yaml`);
    if (existsSync(file)) return file;
  }
  throw new HarnessError('USAGE', `unknown gate "${nameOrPath}"`, {
    hint: `known gates: ${knownGateNames(cwd).join(', ') || '(none)'}; or pass a path to a .yaml file`,
  });
}

/** Finds a gate by name or path and reads its text. */
export function readGateSource(nameOrPath: string, cwd: string): GateSource {
  const file = resolveGateFile(nameOrPath, cwd);
  const shown = file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
  try {
    return { file: shown, text: readFileSync(file, 'utf8') };
  } catch (err) {
    throw new ConfigError([{ file: shown, path: '', message: `cannot read: ${describeFsError(err)}` }]);
  }
}
