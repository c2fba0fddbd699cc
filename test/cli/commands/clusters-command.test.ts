import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '../../helpers/cli-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-clusters-'));
const emptyBin = mkdtempSync(join(tmpdir(), 'meshbench-no-tools-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(emptyBin, { recursive: true, force: true });
});

describe('bench clusters list', () => {
  it('without kind and without local runs: says so and lists nothing', async () => {
    const run = await runBench(['clusters', 'list'], { cwd: dir, env: { PATH: emptyBin, TMPDIR: dir } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('kind is not installed: no kind clusters to check\n0 meshbench cluster(s); 0 leftover local run(s)\n');
  });
});
