/**
 * Sibling folders do the same jobs in files of the same names (docs/architecture.md): every mesh
 * has the same file set, every platform exports its Platform from index.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');
const filesOf = (dir: string) => readdirSync(join(SRC, dir)).sort();

describe('sibling folders', () => {
  it('istio, linkerd and cilium have the same file set', () => {
    const expected = ['enrol.ts', 'feature-objects.ts', 'features.ts', 'index.ts', 'install.ts', 'policies.ts', 'tool-output.ts', 'verify.ts', 'versions.ts'];
    for (const mesh of ['istio', 'linkerd', 'cilium']) expect(filesOf(`mesh/${mesh}`), mesh).toEqual(expected);
    expect(filesOf('mesh/none')).toEqual(['index.ts']);
  });

  it('local, kind and existing each export their Platform from index.ts', async () => {
    for (const name of ['local', 'kind', 'existing']) {
      expect(filesOf(`platform/${name}`), name).toContain('index.ts');
      const module = (await import(`../../src/platform/${name}/index.ts`)) as Record<string, { name?: string }>;
      expect(module[`${name}Platform`]?.name, name).toBe(name);
    }
  });
});
