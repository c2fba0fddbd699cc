import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/cli-context.ts';
import { runCli } from '../../../src/cli/main.ts';
import { runBench } from '../../helpers/cli-harness.ts';
import { findAll, parseXml } from '../../helpers/xml-tree.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const F = 'test/fixtures/results';
const BASE = `${F}/base-istio-1.23.4.json`;
const SAME = `${F}/head-istio-1.24.1-same.json`;
const PLUS20 = `${F}/head-istio-1.24.1-p99-plus20.json`;

function compare(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runBench(['compare', ...args], { cwd: ROOT, env });
}

describe('bench compare', () => {
  it('A/A: exit code 0 and a PASS headline', async () => {
    const run = await compare([BASE, SAME]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASS: no regression in 8 primary checks');
    expect(run.stderr).toBe('');
  });

  it('+20 % p99: exit code 10, the message names the failing metric', async () => {
    const run = await compare([BASE, PLUS20, '--gate', 'gates/default.yaml']);
    expect(run.code).toBe(10);
    expect(run.stdout).toContain('✗  latency-p99');
    expect(run.stderr).toMatch(/^error: regression: latency p99 @ 500 rps \+\d+\.\d % \[.*latency p99 @ 1000 rps/m);
  });

  it('pools several files per side with --head (and --vs)', async () => {
    const run = await compare([BASE, `${F}/base-istio-1.23.4-second-run.json`, '--head', SAME]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(2 files; 40/40 valid repetitions)');
    const vs = await compare([BASE, `${F}/base-istio-1.23.4-second-run.json`, '--vs', PLUS20]);
    expect(vs.code).toBe(10);
  });

  it('accepts a folder for a side', async () => {
    const dir = tempDir('meshbench-compare-');
    writeFileSync(join(dir, 'a.json'), readFileSync(join(ROOT, BASE)));
    writeFileSync(join(dir, 'b.json'), readFileSync(join(ROOT, `${F}/base-istio-1.23.4-second-run.json`)));
    const run = await compare([dir, '--head', SAME]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 files');
  });

  it('a truncated file: exit code 2 and says it may be truncated', async () => {
    const run = await compare([BASE, `${F}/truncated.json`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${F}/truncated.json: not valid JSON`);
    expect(run.stderr).toContain('the file may be truncated');
  });

  it('a newer schema: exit code 2 and asks to upgrade meshbench', async () => {
    const run = await compare([BASE, `${F}/newer-schema.json`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('result schema version 2.0 is not supported');
    expect(run.stderr).toContain('hint: upgrade meshbench');
  });

  it('an empty repetition list: exit code 6', async () => {
    const run = await compare([BASE, `${F}/empty-repetitions.json`]);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('the head side has no repetitions to compare');
  });

  it('mismatched scenarios: exit code 2 naming the hashes; --force compares anyway', async () => {
    const run = await compare([BASE, `${F}/head-istio-1.24.1-other-scenario.json`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: results are not comparable: the scenarios differ');
    expect(run.stderr).toContain('hint: compare results of the same scenario');
    const forced = await compare([BASE, `${F}/head-istio-1.24.1-other-scenario.json`, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('forced: the scenarios differ');
  });

  it('a mesh against the baseline is refused without --force', async () => {
    const run = await compare([`${F}/baseline.json`, SAME]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-mesh baseline');
    const forced = await compare([`${F}/baseline.json`, SAME, '--force']);
    expect(forced.code).toBe(10);
    expect(forced.stdout).toContain('check dataplane-cpu: not applicable');
  });

  it('mostly invalid repetitions: exit code 6 (invalid)', async () => {
    const run = await compare([BASE, `${F}/head-istio-1.24.1-mostly-invalid.json`]);
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/^error: gate invalid: latency p99, .* @ 1000 rps: head: 6 of 10 repetitions invalid/m);
  });

  it('too few repetitions: exit code 6 (inconclusive) with "need ≥ N repetitions per side"', async () => {
    const run = await compare([`${F}/base-istio-1.23.4-three-reps.json`, `${F}/head-istio-1.24.1-three-reps.json`]);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('error: gate inconclusive');
    expect(run.stderr).toContain('need ≥ 5 repetitions per side');
  });

  it("--annotations prints GitHub workflow commands; --extended tests at the second look's α and says the extension is spent", async () => {
    const run = await compare([BASE, PLUS20, '--annotations']);
    expect(run.code).toBe(10);
    expect(run.stdout).toMatch(/^::error title=meshbench gate%3A regression in latency-p99::/m);
    const first = await compare([`${F}/base-istio-1.23.4-three-reps.json`, `${F}/head-istio-1.24.1-three-reps.json`]);
    expect(first.stderr).toContain('compare the first and the fresh batch together with --extended');
    const extended = await compare([`${F}/base-istio-1.23.4-three-reps.json`, `${F}/head-istio-1.24.1-three-reps.json`, '--extended']);
    expect(extended.code).toBe(6);
    expect(extended.stdout).toContain('(look 2 of 2, pocock spending of α 0.01)');
    expect(extended.stderr).toContain('the one extension is spent');
  });

  it('compares the arms of an interleaved result', async () => {
    const ab = `${F}/ab-interleaved.json`;
    const run = await compare([ab, '--head', ab, '--base-arm', '1.23.4', '--head-arm', '1.24.1']);
    expect(run.code).toBe(10);
    expect(run.stdout).toContain('arm 1.23.4');
    const ambiguous = await compare([ab, SAME]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('several arms');
  });

  it('usage errors: exit code 2', async () => {
    expect((await compare([BASE])).code).toBe(2);
    const three = await compare([BASE, SAME, PLUS20]);
    expect(three.code).toBe(2);
    expect(three.stderr).toContain('say which are the head with --head');
    expect((await compare([BASE, `${F}/missing.json`])).stderr).toContain('cannot read result file');
    const both = await compare([BASE, SAME, '--json', '--markdown']);
    expect(both.code).toBe(2);
  });

  it('a broken gate file: exit code 2 with file:line', async () => {
    const dir = tempDir('meshbench-compare-');
    const gate = join(dir, 'gates.yaml');
    writeFileSync(gate, 'apiVersion: meshbench/v1alpha1\nkind: Gate\nname: x\nchecks:\n  - { id: p99, metric: latency-p99, role: primary, failPp: 3 }\n');
    const run = await compare([BASE, SAME, '--gate', gate]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/gates\.yaml:5:\d+ checks\.0\.failPp: latency-p99 is gated relative to the base: use failPct/);
  });

  it('--junit writes well-formed JUnit, --json FILE the report, --markdown FILE the summary', async () => {
    const dir = tempDir('meshbench-compare-');
    const run = await compare([BASE, PLUS20, '--junit', join(dir, 'gate.xml'), '--json', join(dir, 'gate.json'), '--markdown', join(dir, 'gate.md')]);
    expect(run.code).toBe(10);
    const junit = parseXml(readFileSync(join(dir, 'gate.xml'), 'utf8'));
    expect(findAll(junit, 'failure')).toHaveLength(2);
    const json = JSON.parse(readFileSync(join(dir, 'gate.json'), 'utf8'));
    expect(json.outcome).toBe('regression');
    expect(json.exitCode).toBe(10);
    expect(readFileSync(join(dir, 'gate.md'), 'utf8')).toContain('## meshbench gate: ❌ REGRESSION');
  });

  it('--json without a file prints JSON on stdout and the table on stderr', async () => {
    const run = await compare([BASE, SAME, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).outcome).toBe('pass');
    expect(run.stderr).toContain('PASS: no regression');
  });

  it('the JSON report carries the pooled percentiles (only JSON shows them, so only --json decodes the histograms)', async () => {
    const json = await compare([BASE, SAME, '--json']);
    const levels = JSON.parse(json.stdout).levels as { pooledLatency: { base: { p99Us: number } | null; head: { p99Us: number } | null } | null }[];
    expect(levels.length).toBeGreaterThan(0);
    for (const level of levels) {
      expect(level.pooledLatency?.base?.p99Us).toBeGreaterThan(0);
      expect(level.pooledLatency?.head?.p99Us).toBeGreaterThan(0);
    }
    // The table is the same with and without them.
    const table = await compare([BASE, SAME, '--no-color']);
    expect(table.stdout).toBe(json.stderr);
  });

  it('--markdown appends to $GITHUB_STEP_SUMMARY when set, else prints', async () => {
    const summary = join(tempDir('meshbench-compare-'), 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const run = await compare([BASE, SAME, '--markdown'], { GITHUB_STEP_SUMMARY: summary });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASS');
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n<!-- meshbench-gate -->\n## meshbench gate: ✅ PASS')).toBe(true);
    const printed = await compare([BASE, SAME, '--markdown']);
    expect(printed.stdout).toMatch(/^<!-- meshbench-gate -->\n## meshbench gate: ✅ PASS/);
  });

  it('colours on a TTY only, and never with NO_COLOR or --no-color', async () => {
    const runTty = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const stdout = Object.assign(new PassThrough(), { isTTY: true });
      let text = '';
      stdout.on('data', (c: Buffer) => {
        text += c.toString();
      });
      const ctx: CliContext = {
        stdout,
        stderr: new PassThrough(),
        cwd: ROOT,
        env,
        signal: new AbortController().signal,
        verbose: false,
        exitCode: 0,
      };
      await runCli(['compare', BASE, SAME, ...args], ctx);
      return text;
    };
    expect(await runTty([])).toContain('\u001b[');
    expect(await runTty([], { NO_COLOR: '1' })).not.toContain('\u001b[');
    expect(await runTty(['--no-color'])).not.toContain('\u001b[');
    expect((await compare([BASE, SAME])).stdout).not.toContain('\u001b[');
  });
});
