/**
 * `--json [FILE]` behaves the same on every command: no FILE or `-` puts exactly one JSON
 * document on stdout (the table moves to stderr); FILE gets the JSON while the table stays on
 * stdout; a FILE that is one of the command's inputs is refused before any work.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/cli-context.ts';
import { jsonDestination, tableStream, writeJson } from '../../../src/cli/commands/json-output.ts';
import { ExitCode } from '../../../src/errors.ts';
import { runBench } from '../../helpers/cli-harness.ts';
import { setupFakeTools } from '../../helpers/fake-tools.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'meshbench-json-'));
const fakes = setupFakeTools();
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  fakes.cleanup();
});

function context(): CliContext & { out: () => string; err: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  return { stdout: out, stderr: err, cwd: dir, env: {}, signal: new AbortController().signal, verbose: false, exitCode: ExitCode.Ok, out: () => o, err: () => e };
}

describe('the --json helper', () => {
  it('no value and `-` mean stdout; a value is a file checked before any work', () => {
    expect(jsonDestination({ flag: undefined, cwd: dir, what: 'x' })).toBeNull();
    expect(jsonDestination({ flag: true, cwd: dir, what: 'x' })).toMatchObject({ toStdout: true, path: null });
    expect(jsonDestination({ flag: '-', cwd: dir, what: 'x' })).toMatchObject({ toStdout: true, path: null });
    expect(jsonDestination({ flag: 'o.json', cwd: dir, what: 'x' })).toMatchObject({ toStdout: false, file: 'o.json', path: join(dir, 'o.json') });
    expect(() => jsonDestination({ flag: dir, cwd: dir, what: 'JSON thing' })).toThrow(/cannot write JSON thing .*: it is an existing folder/);
    expect(() => jsonDestination({ flag: 'a.yaml', cwd: dir, what: 'x', inputs: ['./a.yaml'] })).toThrow(/--json a.yaml is also a file this command reads or writes/);
  });

  it('writes to stdout, or to the file with a note on stderr; the table goes where the JSON is not', () => {
    const ctx = context();
    const stdout = jsonDestination({ flag: '-', cwd: dir, what: 'x' });
    expect(tableStream(ctx, stdout)).toBe(ctx.stderr);
    writeJson(ctx, stdout as NonNullable<typeof stdout>, { a: 1 });
    expect(JSON.parse(ctx.out())).toEqual({ a: 1 });
    const file = jsonDestination({ flag: 'w.json', cwd: dir, what: 'x' });
    expect(tableStream(ctx, file)).toBe(ctx.stdout);
    writeJson(ctx, file as NonNullable<typeof file>, { b: 2 });
    expect(JSON.parse(readFileSync(join(dir, 'w.json'), 'utf8'))).toEqual({ b: 2 });
    expect(ctx.err()).toContain('json: w.json');
    expect(tableStream(ctx, null)).toBe(ctx.stdout);
  });
});

interface JsonCase {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Checks the parsed JSON. */
  check: (json: Record<string, unknown>) => void;
  /** A line of the table people read. */
  table: RegExp;
  /** The exit code, when not 0; null for whatever the outcome decides (compare). */
  code?: number | null;
  /** Whether the table moves to stderr when the JSON has stdout (default true). */
  tableWithJsonOnStdout?: boolean;
}

const CASES: JsonCase[] = [
  {
    name: 'validate',
    args: ['validate', `${ROOT}scenarios/smoke.yaml`, `${ROOT}clusters/baseline.yaml`],
    check: (json) => expect(json).toMatchObject({ valid: true, files: [{ valid: true, kind: 'Scenario', name: 'smoke' }, { valid: true, kind: 'Target', name: 'baseline' }] }),
    table: /^ok .*smoke\.yaml: Scenario "smoke"$/m,
  },
  {
    name: 'doctor',
    args: ['doctor', '--platform', 'local'],
    check: (json) => {
      expect(json).toMatchObject({ platform: 'local', target: null });
      const tools = json['tools'] as { tool: string; found: boolean; status: string }[];
      expect(tools.find((t) => t.tool === 'node')).toMatchObject({ found: true, status: 'ok' });
      expect(typeof json['ready']).toBe('boolean');
    },
    table: /^TOOL\s+NEEDED FOR/m,
  },
  {
    name: 'tools list',
    args: ['tools', 'list'],
    env: { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') },
    check: (json) => {
      expect(json['cache']).toBe(join(dir, 'cache', 'meshbench', 'tools'));
      const tools = json['tools'] as { tool: string; version: string; cached: boolean; path: string | null }[];
      expect(tools.map((t) => t.tool)).toEqual(expect.arrayContaining(['istioctl', 'linkerd', 'cilium', 'helm']));
      for (const t of tools) expect(t).toMatchObject({ cached: false, path: null, version: expect.stringMatching(/\d/) });
    },
    table: /^cache: /m,
  },
  {
    name: 'clusters list',
    args: ['clusters', 'list'],
    env: { ...fakes.env, TMPDIR: join(dir, 'tmp') },
    check: (json) => {
      expect(json['kindClusters']).toEqual(['meshbench-baseline-20261206-abc123']);
      expect(json['localRuns']).toEqual([]);
    },
    table: /^meshbench-baseline-20261206-abc123$/m,
  },
  {
    name: 'compare',
    args: ['compare', 'test/fixtures/results/base-istio-1.23.4-three-reps.json', 'test/fixtures/results/head-istio-1.24.1-three-reps.json'],
    code: null,
    check: (json) => {
      expect(json).toMatchObject({ outcome: expect.stringMatching(/^(pass|regression|inconclusive|invalid)$/) });
      expect(Array.isArray(json['levels'])).toBe(true);
    },
    table: /^base: /m,
  },
  {
    name: 'run --dry-run',
    args: ['run', 'baseline', '--platform', 'local', '--scenario', 'smoke', '--dry-run'],
    check: (json) => expect(JSON.stringify(json)).toContain('"platform":"local"'),
    // The text plan: on stdout with a JSON file, left out when the JSON has stdout.
    table: /local/,
    tableWithJsonOnStdout: false,
  },
];

describe('every command speaks --json the same way', () => {
  // The fake kind lists one meshbench cluster and one of the user's.
  mkdirSync(fakes.stateDir, { recursive: true });
  writeFileSync(join(fakes.stateDir, 'kind-clusters.json'), JSON.stringify({ 'meshbench-baseline-20261206-abc123': {}, 'my-own': {} }));
  writeFileSync(join(dir, 'placeholder'), '');
  const cwd = ROOT;
  // The fake kind answers in process (fakes.runner; anything else runs for real): what is tested
  // here is the JSON output, not the process boundary.

  it.each(CASES)('$name --json and --json -: one JSON document on stdout, the table on stderr', async ({ args, env, check, table, code, tableWithJsonOnStdout }) => {
    for (const flag of [['--json'], ['--json', '-']]) {
      const run = await runBench([...args, ...flag], { cwd, env: env ?? process.env, runner: fakes.runner });
      if (code !== null) expect(run.code, run.stderr).toBe(code ?? 0);
      check(JSON.parse(run.stdout) as Record<string, unknown>);
      if (tableWithJsonOnStdout !== false) expect(run.stderr).toMatch(table);
    }
  });

  it.each(CASES)('$name --json FILE: the JSON in the file, the table on stdout', async ({ name, args, env, check, table, code }) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    const run = await runBench([...args, '--json', file], { cwd, env: env ?? process.env, runner: fakes.runner });
    if (code !== null) expect(run.code, run.stderr).toBe(code ?? 0);
    check(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
    expect(run.stdout).toMatch(table);
    expect(run.stderr).toContain(`json: ${file}`);
  });

  it('a bad --json path is refused before any work (exit 2), whatever the command', async () => {
    for (const { args, env } of CASES) {
      const run = await runBench([...args, '--json', dir], { cwd, env: env ?? process.env, runner: fakes.runner });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/cannot write JSON .* it is an existing folder/);
      expect(run.stdout).toBe('');
    }
  });

  it('bench load --json FILE checks the path before loading, and --help shows durations as durations', async () => {
    const refused = await runBench(['load', 'http://127.0.0.1:9/', '--rate', '10', '--json', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cannot write JSON measurement .*: it is an existing folder/);
    const help = await runBench(['load', '--help']);
    expect(help.stdout).toMatch(/--duration <duration>\s+measured window \(default: 10s\)/);
    expect(help.stdout).toMatch(/--warmup <duration>\s+warm-up before the window \(not recorded; 0s for\s+none\) \(default: 2s\)/);
    expect(help.stdout).toMatch(/--timeout <duration>\s+per-request timeout \(default: 5s\)/);
    expect(help.stdout).not.toMatch(/default: \d{4,}\)/);
    expect(existsSync(join(dir, 'placeholder'))).toBe(true);
  });
});
