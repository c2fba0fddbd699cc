import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(run.stdout).toMatch(/g\.yaml:4:\d+ familyAlpha: /);
    expect(run.stderr).toMatch(/^error: .*g\.yaml:4:\d+ familyAlpha: /);
  });

  it('an unreadable file: exit 2 naming it', async () => {
    const run = await runBench(['validate', 'missing.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.yaml');
  });
});


// Two problems in one scenario (a misspelled field, a rate that is not a number) and one in a target.
writeFileSync(
  join(dir, 'two-problems.yaml'),
  ['apiVersion: meshbench/v1alpha1', 'kind: Scenario', 'name: broken', 'requests:', '  - { name: get, method: GET, path: "/orders/{id}" }', 'load:', '  levels: [{ rps: fast }]', '  duraton: 2s', ''].join('\n'),
);
writeFileSync(join(dir, 'bad-target.yaml'), ['apiVersion: meshbench/v1alpha1', 'kind: Target', 'name: t', 'platforms: [local]', 'mesh: { name: none }', 'dataPlane: []', 'colour: blue', ''].join('\n'));
writeFileSync(join(dir, 'not-yaml.yaml'), 'kind: Scenario\nname: [unclosed\n');

describe('bench validate of several files', () => {
  const files = [`${ROOT}scenarios/smoke.yaml`, 'two-problems.yaml', `${ROOT}clusters/baseline.yaml`, 'bad-target.yaml', 'missing.yaml', 'not-yaml.yaml', `${ROOT}gates/default.yaml`];

  it('checks every file and reports every problem of every file with file, line and field; exit 2', async () => {
    const run = await runBench(['validate', ...files], { cwd: dir });
    expect(run.code).toBe(2);
    const out = run.stdout;
    expect(out).toMatch(/^ok .*scenarios\/smoke\.yaml: Scenario "smoke"$/m);
    expect(out).toMatch(/^ok .*clusters\/baseline\.yaml: Target "baseline"$/m);
    expect(out).toMatch(/^ok .*gates\/default\.yaml: Gate "/m);
    // Every problem of the first broken file, each located: a rate that is not a number, the
    // required duration missing (its misspelled key is unknown).
    expect(out).toMatch(/^✖ two-problems\.yaml: 3 problems$/m);
    expect(out).toMatch(/^ {2}two-problems\.yaml:7:\d+ load\.levels\.0\.rps: /m);
    expect(out).toMatch(/^ {2}two-problems\.yaml:7:\d+ load\.duration: /m);
    expect(out).toMatch(/^ {2}two-problems\.yaml:8:\d+ load: unknown field "duraton"$/m);
    // The files after the first broken one were still checked.
    expect(out).toMatch(/^✖ bad-target\.yaml: 1 problem$/m);
    expect(out).toMatch(/^ {2}bad-target\.yaml:7:\d+ .*unknown field "colour"$/m);
    expect(out).toMatch(/^✖ missing\.yaml: 1 problem\n {2}missing\.yaml file not found$/m);
    expect(out).toMatch(/^✖ not-yaml\.yaml: \d+ problems?\n {2}not-yaml\.yaml:\d+:\d+ YAML syntax: /m);
    expect(run.stderr).toMatch(/error: \d+ problems in 4 of 7 file\(s\) \(two-problems\.yaml, bad-target\.yaml, missing\.yaml, not-yaml\.yaml\); the first: two-problems\.yaml:7:\d+ load\.levels\.0\.rps: /);
  });

  it('--json -: every file and problem as JSON on stdout, the listing on stderr', async () => {
    const run = await runBench(['validate', ...files, '--json', '-'], { cwd: dir });
    expect(run.code).toBe(2);
    const json = JSON.parse(run.stdout) as { valid: boolean; files: { file: string; valid: boolean; problems: { line: number | null; field: string; message: string }[] }[] };
    expect(json.valid).toBe(false);
    expect(json.files.map((f) => f.valid)).toEqual([true, false, true, false, false, false, true]);
    expect(json.files[1]?.problems.map((p) => [p.line, p.field])).toEqual([
      [7, 'load.levels.0.rps'],
      [7, 'load.duration'],
      [8, 'load'],
    ]);
    expect(json.files[4]?.problems).toEqual([{ line: null, column: null, field: '', message: 'file not found' }]);
    expect(run.stderr).toMatch(/^✖ two-problems\.yaml: 3 problems$/m);
  });

  it('the example scenario and target under docs/examples are valid', async () => {
    const run = await runBench(['validate', 'docs/examples/checkout-scenario.yaml', 'docs/examples/istio-sidecar-canary-target.yaml'], { cwd: ROOT });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('ok docs/examples/checkout-scenario.yaml: Scenario "checkout"\nok docs/examples/istio-sidecar-canary-target.yaml: Target "istio-sidecar-canary"\n');
    // And they plan: the target's example command works as written.
    const plan = await runBench(['run', 'docs/examples/istio-sidecar-canary-target.yaml', '--scenario', 'docs/examples/checkout-scenario.yaml', '--dry-run'], { cwd: ROOT });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/istioctl/);
  });

  it('all valid: exit 0', async () => {
    const run = await runBench(['validate', `${ROOT}scenarios/smoke.yaml`, `${ROOT}scenarios/default.yaml`, `${ROOT}clusters/proxy-mtls.yaml`]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('never overwrites a file it reads: --json before the files would take the first as its FILE', async () => {
    const before = readFileSync(join(dir, 'two-problems.yaml'), 'utf8');
    const eaten = await runBench(['validate', '--json', 'two-problems.yaml', 'bad-target.yaml'], { cwd: dir });
    expect(eaten.code).toBe(2);
    expect(eaten.stderr).toContain('--json two-problems.yaml: that file exists and is not a .json file; not overwriting it');
    const named = await runBench(['validate', 'bad-target.yaml', '--json', 'bad-target.yaml'], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('--json bad-target.yaml is also a file this command reads or writes');
    expect(readFileSync(join(dir, 'two-problems.yaml'), 'utf8')).toBe(before);
  });
});
