import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderJsonSchemas } from '../../../src/results/json-schema-export.ts';
import { runBench } from '../../helpers/cli-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-schemas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench schemas', () => {
  it('writes every JSON Schema into --out, relative to the working directory, and names each file', async () => {
    const run = await runBench(['schemas', '--out', 'out/schemas'], { cwd: dir });
    expect(run.code).toBe(0);
    const expected = renderJsonSchemas();
    expect(readdirSync(join(dir, 'out/schemas')).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, text] of Object.entries(expected)) {
      expect(readFileSync(join(dir, 'out/schemas', name), 'utf8')).toBe(text);
      expect(run.stdout).toContain(`wrote ${join('out/schemas', name)}\n`);
    }
  });
});
