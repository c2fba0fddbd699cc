/**
 * Finds and loads a gate file. A name (`default`) is looked up in `./gates` of the working
 * directory, then in the gates shipped with meshbench; a path is loaded as is (gate-source.ts).
 * Errors name file:line and the field (config/yaml-loader.ts).
 */
import { parseYamlWithSchema } from '../../config/yaml-loader.ts';
import { type GateConfig, GateConfigSchema } from './gate-config.ts';
import { type LoadedGate, readGateSource } from './gate-source.ts';

export { DEFAULT_GATE_NAME, type LoadedGate } from './gate-source.ts';

/** Parses gate YAML text; `file` is used in messages. */
export function parseGateConfig(options: { file: string; text: string }): GateConfig {
  return parseYamlWithSchema({ file: options.file, text: options.text, schema: GateConfigSchema });
}

/** Loads a gate by name or path. */
export function loadGateConfig(nameOrPath: string, cwd: string): LoadedGate {
  const source = readGateSource(nameOrPath, cwd);
  return { file: source.file, gate: parseGateConfig(source) };
}
