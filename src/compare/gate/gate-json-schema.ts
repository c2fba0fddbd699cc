/**
 * The JSON Schema of gate files (gates/gate.schema.json), for editor completion through the
 * `# yaml-language-server: $schema=./gate.schema.json` comment. Generated from the zod schema
 * (input side: what a user writes); a test keeps the shipped file in sync.
 */
import * as z from 'zod';
import { GateConfigSchema } from './gate-config.ts';

/** The gate file's JSON Schema (draft 2020-12) as an object. */
export function gateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(GateConfigSchema, { io: 'input', unrepresentable: 'any' });
  return { ...schema, title: 'meshbench gate', description: 'Regression gate of `bench compare` (gates/<name>.yaml).' };
}

/** The schema as the text of gates/gate.schema.json. */
export function gateJsonSchemaText(): string {
  return `${JSON.stringify(gateJsonSchema(), null, 2)}\n`;
}
