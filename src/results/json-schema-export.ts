/**
 * JSON Schemas of the config files (scenario, target, published claims) (input form: what a user writes, defaults optional) and of the
 * result file, for editor completion (`# yaml-language-server: $schema=…`) and other tools. Pure.
 */
import * as z from 'zod';
import { ResultFileSchema } from './result-schema.ts';
import { ClaimsFileSchema } from '../config/claims-schema.ts';
import { ScenarioSchema } from '../config/scenario-schema.ts';
import { TargetSchema } from '../config/target-schema.ts';

export const SCHEMA_FILES = {
  'scenario.schema.json': () => z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }),
  'target.schema.json': () => z.toJSONSchema(TargetSchema, { io: 'input', unrepresentable: 'any' }),
  'claims.schema.json': () => z.toJSONSchema(ClaimsFileSchema, { io: 'input', unrepresentable: 'any' }),
  'result.schema.json': () => z.toJSONSchema(ResultFileSchema, { io: 'output', unrepresentable: 'any' }),
} as const;

/** File name → pretty JSON text. */
export function renderJsonSchemas(): Record<string, string> {
  return Object.fromEntries(Object.entries(SCHEMA_FILES).map(([name, make]) => [name, `${JSON.stringify(make(), null, 2)}\n`]));
}
