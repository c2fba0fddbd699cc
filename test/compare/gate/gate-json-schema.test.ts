import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gateJsonSchemaText } from '../../../src/compare/gate/gate-json-schema.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

describe('gates/gate.schema.json', () => {
  it('ships a JSON schema in sync with the zod schema', () => {
    expect(readFileSync(`${ROOT}gates/gate.schema.json`, 'utf8')).toBe(gateJsonSchemaText());
  });

  it('is the JSON Schema of a gate file: its kind, required fields and check metrics', () => {
    const schema = JSON.parse(gateJsonSchemaText()) as { properties: Record<string, { enum?: unknown[]; const?: unknown }>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'name', 'checks']));
    expect(JSON.stringify(schema.properties['kind'])).toContain('Gate');
    expect(gateJsonSchemaText()).toContain('latency-p99');
    expect(gateJsonSchemaText().endsWith('\n')).toBe(true);
  });
});
