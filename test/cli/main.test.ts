import { describe, expect, it } from 'vitest';
import { buildProgram, HARNESS_VERSION } from '../../src/cli/main.ts';
import { ExitCode } from '../../src/errors.ts';
import { runBench } from '../helpers/cli-harness.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('the bench program', () => {
  it('registers every command', async () => {
    const program = await buildProgram({ stdout: process.stdout, stderr: process.stderr, cwd: ROOT, env: {}, signal: new AbortController().signal, verbose: false, exitCode: 0 }, 'all');
    const names = program.commands.map((c) => c.name()).sort();
    expect(names).toEqual(['calibrate', 'clusters', 'compare', 'completion', 'doctor', 'load', 'report', 'run', 'schemas', 'tools', 'validate']);
  });

  it('--version and --help exit 0 on stdout', async () => {
    const version = await runBench(['--version'], { cwd: ROOT });
    expect(version).toEqual({ code: 0, stdout: `${HARNESS_VERSION}\n`, stderr: '' });
    const help = await runBench(['--help'], { cwd: ROOT });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: bench');
  });

  it('unknown commands and options exit 2 with commander’s message', async () => {
    const run = await runBench(['frobnicate'], { cwd: ROOT });
    expect(run.code).toBe(ExitCode.ConfigInvalid);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
  });

  it('a harness error prints its message and hint and exits with its code', async () => {
    const run = await runBench(['validate', 'no/such/file.yaml'], { cwd: ROOT });
    expect(run.code).toBe(ExitCode.ConfigInvalid);
    // validate lists every problem of every file on stdout, then one error line names the first.
    expect(run.stdout).toContain('no/such/file.yaml');
    expect(run.stderr).toBe('error: no/such/file.yaml file not found\nhint: every problem is listed above with file:line:column and the field\n');
  });

  it('invoked as meshbench, usage, help and errors say meshbench', async () => {
    const help = await runBench(['--help'], { cwd: ROOT, programName: 'meshbench' });
    expect(help.stdout).toContain('Usage: meshbench [options] [command]');
    expect(help.stdout).not.toMatch(/(^|\s)bench /m);
    const compareHelp = await runBench(['compare', '--help'], { cwd: ROOT, programName: 'meshbench' });
    expect(compareHelp.stdout).toContain('Usage: meshbench compare [options]');
    expect(compareHelp.stdout).toContain('  meshbench compare base.json head.json --gate gates.yaml');
    expect(compareHelp.stdout).not.toMatch(/(^|\s)bench /m);
    const usage = await runBench(['compare', '--no-such-option'], { cwd: ROOT, programName: 'meshbench' });
    expect(usage.code).toBe(ExitCode.ConfigInvalid);
    expect(usage.stderr).toContain("unknown option '--no-such-option'");
    const error = await runBench(['compare', 'a.json', 'b.json', 'c.json'], { cwd: ROOT, programName: 'meshbench' });
    expect(error.code).toBe(ExitCode.ConfigInvalid);
    expect(error.stderr).toContain('hint: meshbench compare base.json head.json, or meshbench compare base-1.json');
    // As bench, nothing changes.
    expect((await runBench(['compare', '--help'], { cwd: ROOT })).stdout).toContain('Usage: bench compare [options]');
  });

  it('--verbose adds the stack', async () => {
    const run = await runBench(['--verbose', 'validate', 'no/such/file.yaml'], { cwd: ROOT });
    expect(run.stderr).toMatch(/\n {4}at /);
  });
});
