/**
 * Where config files are: the meshbench package root, and whether a name is a path. Loads no YAML
 * parser, so code that only finds files (compare's gate lookup, gate-source.ts) does not load one.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, describeFsError } from '../errors.ts';

/** The meshbench package root (holds the shipped scenarios/ and clusters/). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A name with a .yaml/.yml ending or a slash is a path, not the name of a shipped file. */
export function isConfigPath(nameOrPath: string): boolean {
  return /\.ya?ml$/.test(nameOrPath) || nameOrPath.includes('/');
}

/** The absolute path of an existing config file, or a ConfigError naming it and why it cannot be read. */
export function existingConfigPath(nameOrPath: string, cwd: string): string {
  const file = resolve(cwd, nameOrPath);
  try {
    statSync(file);
  } catch (err) {
    // ENOENT reads best as "not found"; anything else (ELOOP, EACCES, …) is named as it is.
    const message = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read: ${describeFsError(err)}`;
    throw new ConfigError([{ file: nameOrPath, path: '', message }]);
  }
  return file;
}
