/**
 * Loads a gate for the CLI. A file whose text is exactly that of a gate shipped pre-parsed
 * (shipped-gate-table.ts, filled in the CLI bundle) takes that gate; any other text (an edited
 * or a user's own gate) is parsed from YAML, with the parser loaded only then.
 */
import type { GateConfig } from './gate-config.ts';
import { type LoadedGate, readGateSource } from './gate-source.ts';
import { SHIPPED_GATES, type ShippedGate } from './shipped-gate-table.ts';

/** The pre-parsed gate whose source text is exactly `text`, if any. */
export function shippedGateFor(text: string, table: readonly ShippedGate[] = SHIPPED_GATES): GateConfig | undefined {
  return table.find((g) => g.text === text)?.gate;
}

/** Loads a gate by name or path, as gate-file.ts's loadGateConfig does. */
export async function loadGate(nameOrPath: string, cwd: string, table: readonly ShippedGate[] = SHIPPED_GATES): Promise<LoadedGate> {
  const source = readGateSource(nameOrPath, cwd);
  const shipped = shippedGateFor(source.text, table);
  if (shipped) return { file: source.file, gate: shipped };
  const { parseGateConfig } = await import('./gate-file.ts');
  return { file: source.file, gate: parseGateConfig(source) };
}
