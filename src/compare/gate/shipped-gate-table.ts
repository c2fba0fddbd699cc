/**
 * The gates shipped in gates/, already parsed and validated, each with the exact text it was
 * parsed from. Run from the sources the table is empty and every gate is read from its file; the
 * CLI bundle replaces this module at build time with the parsed gates/*.yaml
 * (scripts/cli-bundle.ts), so `bench compare` with the default gate loads no YAML parser
 * (docs/build.md). gate-loader.ts uses an entry only when the file's text is identical.
 */
import type { GateConfig } from './gate-config.ts';

/** A shipped gate file's text and the gate parsed from it. */
export interface ShippedGate {
  text: string;
  gate: GateConfig;
}

export const SHIPPED_GATES: readonly ShippedGate[] = [];
