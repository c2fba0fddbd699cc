import { describe, expect, it } from 'vitest';
import { runBench } from '../../helpers/cli-harness.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const run = (args: string[]) => runBench(['run', ...args], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent' } });

describe('bench run --dry-run', () => {
  it('prints the plan of a single run and starts nothing', async () => {
    const r = await run(['baseline', '--platform', 'local', '--scenario', 'smoke', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/baseline/);
    expect(r.stdout.length).toBeGreaterThan(100);
  });

  it('--json prints the plan as JSON, with the scenario and repetitions asked for', async () => {
    const r = await run(['baseline', '--platform', 'local', '--scenario', 'smoke', '--reps', '4', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { platform: string; target: { name: string }; scenario: { name: string } };
    expect(plan).toMatchObject({ platform: 'local', target: { name: 'baseline' }, scenario: { name: 'smoke' } });
  });

  it('two arms: both plans and how they share the hardware', async () => {
    const r = await run(['baseline', '--platform', 'local', '--scenario', 'smoke', '--arms', 'a,b', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { batch: { arms: string[]; order: string; method: string }; plans: unknown[] };
    expect(out.batch).toEqual({ arms: ['a', 'b'], order: 'ABBA', method: 'same-host' });
    expect(out.plans).toHaveLength(2);
  });
});

describe('bench run refuses what cannot work, before starting anything (exit 2)', () => {
  it.each([
    [['baseline', '--platform', 'mars', '--dry-run'], 'unknown platform "mars"'],
    [['baseline', '--platform', 'kind', '--realtime-agent', '--dry-run'], '--realtime-agent is for the local platform; on kind the agent runs in a pod'],
    [['baseline', '--platform', 'local', '--reps', '0', '--dry-run'], "option '--reps <n>' argument '0' is invalid"],
  ])('%j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
