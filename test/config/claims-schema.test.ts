import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadClaims, SHIPPED_CLAIMS_FILE, validateConfigFile } from '../../src/config/config-files.ts';
import { ConfigError } from '../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-claims-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('claims files', () => {
  it('the shipped claims are valid, sourced, and every non-folklore claim names its URL', () => {
    const { claims } = loadClaims(SHIPPED_CLAIMS_FILE).spec;
    expect(claims.length).toBeGreaterThanOrEqual(10);
    for (const claim of claims.filter((c) => c.source.kind !== 'folklore')) expect(claim.source.url, claim.id).toMatch(/^https:\/\//);
    expect(claims.find((c) => c.id === 'istio-1-24-sidecar-cpu')).toMatchObject({ mesh: 'istio', mode: 'sidecar', metric: 'vcpu-per-1k-rps-per-proxy', value: 0.2 });
    expect(validateConfigFile(SHIPPED_CLAIMS_FILE)).toMatchObject({ kind: 'Claims' });
  });

  it('names file, line and field of a bad claim', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: meshbench/v1alpha1',
        'kind: Claims',
        'claims:',
        '  - id: a',
        '    mesh: istio',
        '    mode: sidecar',
        '    version: "1.24"',
        '    metric: vcpu-per-1k-rps',
        '    value: { min: 3, max: 1 }',
        '    conditions: { environment: lab }',
        '    source: { title: t, kind: vendor }',
        '',
      ].join('\n'),
    );
    try {
      loadClaims(file);
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const issues = (err as ConfigError).issues;
      expect(issues.map((i) => [i.path, i.line])).toEqual(expect.arrayContaining([['claims.0.metric', 8]]));
      expect(issues.some((i) => i.path.startsWith('claims.0.value') && /min must not exceed max/.test(i.message))).toBe(true);
    }
  });
});
