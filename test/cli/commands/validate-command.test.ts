import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '../../helpers/cli-harness.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'meshbench-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench validate', () => {
  it('names the kind and name of each valid file: scenario, target and gate', async () => {
    const run = await runBench(['validate', 'scenarios/smoke.yaml', 'clusters/baseline.yaml', 'gates/default.yaml'], { cwd: ROOT });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('ok scenarios/smoke.yaml: Scenario "smoke"\nok clusters/baseline.yaml: Target "baseline"\nok gates/default.yaml: Gate "default"\n');
  });

  it('a broken gate file: exit 2 with file:line and field', async () => {
    writeFileSync(join(dir, 'g.yaml'), 'apiVersion: meshbench/v1alpha1\nkind: Gate\nname: g\nfamilyAlpha: 2\nchecks: []\n');
    const run = await runBench(['validate', 'g.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: g\.yaml:4:\d+ familyAlpha: /);
  });

  it('an unreadable file: exit 2 naming it', async () => {
    const run = await runBench(['validate', 'missing.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.yaml');
  });
});
