/**
 * Commands loaded when called: which command the arguments call, and the listing of the commands
 * not loaded matches the command files, so `bench --help` reads the same as with every command
 * loaded. (That a command file is really not loaded is checked on the installed package in
 * test/e2e/packed-package.test.ts, where the module cache of the test runner does not interfere.)
 */
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/cli-context.ts';
import { calledCommand, COMMANDS, registerCommands } from '../../../src/cli/commands/index.ts';
import { buildProgram } from '../../../src/cli/main.ts';
import { runBench } from '../../helpers/cli-harness.ts';

function context(): CliContext {
  const out = new PassThrough();
  return { stdout: out, stderr: out, cwd: process.cwd(), env: {}, signal: new AbortController().signal, verbose: false, exitCode: 0 };
}

describe('calledCommand', () => {
  it('is the first word that is not an option; help X and X --help call X', () => {
    expect(calledCommand(['compare', 'a.json', 'b.json'])).toBe('compare');
    expect(calledCommand(['--verbose', 'run', 'baseline'])).toBe('run');
    expect(calledCommand(['-v', 'report', '--help'])).toBe('report');
    expect(calledCommand(['help', 'tools'])).toBe('tools');
    expect(calledCommand(['--', 'validate', 'x.yaml'])).toBe('validate');
  });

  it('is null for --version, --help, bare help and nothing', () => {
    for (const args of [['--version'], ['-V'], ['--help'], ['help'], []]) expect(calledCommand(args)).toBeNull();
  });
});

describe('the command table', () => {
  it('lists each command under the name, usage and description its file registers', async () => {
    const help = new Command().createHelp();
    for (const entry of COMMANDS) {
      const program = new Command('bench');
      (await entry.load())(program, context());
      const [registered, ...more] = program.commands;
      expect(more, entry.name).toEqual([]);
      expect(registered?.name()).toBe(entry.name);
      expect(registered?.description()).toBe(entry.summary);
      expect(registered ? help.subcommandTerm(registered) : '').toBe(entry.term);
    }
  });

  it('loads only the command called; the others are listed without options', async () => {
    const program = new Command('bench');
    await registerCommands(program, context(), ['compare', 'a.json', 'b.json']);
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    const withOptions = program.commands.filter((c) => c.options.length > 0).map((c) => c.name());
    expect(withOptions).toEqual(['compare']);
  });

  it('completion loads every command: its script lists every option of every command', async () => {
    const program = new Command('bench');
    await registerCommands(program, context(), ['completion', 'bash']);
    const withOptions = program.commands.filter((c) => c.options.length > 0).map((c) => c.name());
    expect(withOptions).toContain('compare');
    expect(withOptions).toContain('run');
  });
});

describe('bench --help', () => {
  it('reads the same as with every command loaded', async () => {
    const lazy = await runBench(['--help']);
    expect(lazy.code).toBe(0);
    const all = await buildProgram(context(), 'all');
    expect(lazy.stdout).toBe(all.helpInformation());
    for (const entry of COMMANDS) expect(lazy.stdout).toContain(entry.summary.slice(0, 40));
  });

  it('bench help compare and bench compare --help show the command\'s own options', async () => {
    for (const args of [['help', 'compare'], ['compare', '--help']]) {
      const r = await runBench(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('--junit <file>');
    }
  });
});
