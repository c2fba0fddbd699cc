import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGateConfig } from '../../src/compare/gate/gate-file.ts';
import type { ShippedGate } from '../../src/compare/gate/shipped-gate-table.ts';
import { shippedGateTableSource } from '../../scripts/cli-bundle.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('shippedGateTableSource', () => {
  it('embeds every gates/*.yaml with its exact text and the gate the sources parse from it', async () => {
    const source = shippedGateTableSource(join(ROOT, 'gates'));
    const table = (await import(`data:text/javascript,${encodeURIComponent(source)}`)).SHIPPED_GATES as ShippedGate[];
    const files = readdirSync(join(ROOT, 'gates')).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toContain('default.yaml');
    expect(table).toHaveLength(files.length);
    files.forEach((f, i) => {
      expect(table[i]?.text).toBe(readFileSync(join(ROOT, 'gates', f), 'utf8'));
      expect(table[i]?.gate).toStrictEqual(loadGateConfig(join(ROOT, 'gates', f), ROOT).gate);
    });
  });
});
