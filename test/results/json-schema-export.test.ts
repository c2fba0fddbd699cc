import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJsonSchemas } from '../../src/results/json-schema-export.ts';

describe('exported JSON Schemas', () => {
  it('the committed schemas/ match the code (run `npx bench schemas` after changing a schema)', () => {
    for (const [name, text] of Object.entries(renderJsonSchemas())) {
      expect(readFileSync(join(import.meta.dirname, '../../schemas', name), 'utf8'), name).toBe(text);
    }
  });

  it('the scenario schema describes what users write: durations as strings, defaults optional', () => {
    const schema = JSON.parse(renderJsonSchemas()['scenario.schema.json'] as string);
    expect(schema.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'name', 'requests', 'load']));
    expect(schema.properties.load.properties.duration.type).toBe('string');
    expect(schema.properties.load.required).toEqual(['levels', 'duration']);
    expect(schema.additionalProperties).toBe(false);
  });
});
