import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../../src/cli/commands/index.ts';

describe('registerCommands', () => {
  it('adds every command once, each with a description', () => {
    const program = new Command('bench');
    registerCommands(program, { stdout: process.stdout, stderr: process.stderr, cwd: '/', env: {}, signal: new AbortController().signal, verbose: false, exitCode: 0 });
    const names = program.commands.map((c) => c.name());
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(['run', 'load', 'validate', 'schemas', 'compare', 'calibrate', 'report', 'tools', 'doctor', 'clusters']);
    for (const c of program.commands) expect(c.description(), c.name()).not.toBe('');
  });
});
