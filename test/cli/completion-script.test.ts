/**
 * The completion scripts, generated from the real program: syntax-checked by each shell, and
 * (bash, fish) asked for completions the way the shell asks when the user presses Tab.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { completionScript, completionTree } from '../../src/cli/completion-script.ts';
import { buildProgram } from '../../src/cli/main.ts';

const out = new PassThrough();
const program = await buildProgram({ stdout: out, stderr: out, cwd: process.cwd(), env: {}, signal: new AbortController().signal, verbose: false, exitCode: 0 }, 'all');
const tree = completionTree(program);
const programs = ['bench', 'meshbench'];
const dir = mkdtempSync(join(tmpdir(), 'meshbench-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hasShell(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

/** What bash offers for the words typed so far (the last one is the word being completed). */
function bashComplete(words: string[]): string[] {
  const file = join(dir, 'bench.bash');
  writeFileSync(file, completionScript({ shell: 'bash', tree, programs }));
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const script = `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _bench_completion; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd: dir });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

describe('the command tree', () => {
  it('has every command, nested subcommands and their options', () => {
    const names = tree.subcommands.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['run', 'load', 'validate', 'compare', 'report', 'tools', 'doctor', 'clusters', 'completion']));
    const tools = tree.subcommands.find((c) => c.name === 'tools');
    expect(tools?.subcommands.map((c) => c.path)).toEqual(['tools install', 'tools list']);
    const run = tree.subcommands.find((c) => c.name === 'run');
    expect(run?.options.find((o) => o.names.includes('--platform'))).toMatchObject({ names: ['-p', '--platform'], takesValue: true });
    expect(run?.options.find((o) => o.names.includes('--keep'))).toMatchObject({ takesValue: false });
    expect(run?.options.find((o) => o.names.includes('--no-verify'))).toBeDefined();
  });
});

describe('bash', () => {
  const script = completionScript({ shell: 'bash', tree, programs });

  it('passes bash -n and registers both program names', () => {
    const file = join(dir, 'syntax.bash');
    writeFileSync(file, script);
    const r = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(script).toMatch(/^complete -o filenames -F _bench_completion bench meshbench$/m);
  });

  it('completes commands, subcommands, options and option values', () => {
    expect(bashComplete(['bench', ''])).toEqual(expect.arrayContaining(['run', 'load', 'compare', 'tools', 'completion']));
    expect(bashComplete(['bench', 'co'])).toEqual(['compare', 'completion']);
    expect(bashComplete(['bench', 'tools', ''])).toEqual(['install', 'list']);
    expect(bashComplete(['bench', 'run', '--pl'])).toEqual(['--platform']);
    expect(bashComplete(['bench', 'tools', 'list', '--'])).toEqual(expect.arrayContaining(['--json', '--help', '--verbose']));
    expect(bashComplete(['bench', 'clusters', 'prune', '-'])).toEqual(expect.arrayContaining(['-y', '--yes']));
    // After an option that takes a value, and for a command's arguments: files.
    writeFileSync(join(dir, 'scenario-x.yaml'), '');
    expect(bashComplete(['bench', 'run', '--scenario', 'scenario-'])).toEqual(['scenario-x.yaml']);
    expect(bashComplete(['bench', 'validate', 'scen'])).toEqual(['scenario-x.yaml']);
    // Options do not leak between commands.
    expect(bashComplete(['bench', 'load', '--'])).not.toContain('--platform');
  });
});

describe.skipIf(!hasShell('zsh'))('zsh', () => {
  it('passes zsh -n and describes commands and options', () => {
    const script = completionScript({ shell: 'zsh', tree, programs });
    const file = join(dir, '_bench');
    writeFileSync(file, script);
    const r = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(script.split('\n')[0]).toBe('#compdef bench meshbench');
    expect(script).toContain("'run:provision the platform");
    expect(script).toContain("'--platform:kind | existing | local");
    expect(script).toMatch(/compdef _bench bench meshbench/);
  });
});

describe.skipIf(!hasShell('fish'))('fish', () => {
  const file = join(dir, 'bench.fish');

  function fishComplete(line: string): string[] {
    writeFileSync(file, completionScript({ shell: 'fish', tree, programs }));
    const r = spawnSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], { encoding: 'utf8', cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0] as string);
  }

  it('passes fish -n', () => {
    writeFileSync(file, completionScript({ shell: 'fish', tree, programs }));
    const r = spawnSync('fish', ['--no-execute', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('completes commands, subcommands and options', () => {
    expect(fishComplete('bench ')).toEqual(expect.arrayContaining(['run', 'compare', 'tools', 'completion']));
    expect(fishComplete('bench tools ')).toEqual(['install', 'list']);
    expect(fishComplete('meshbench clusters ')).toEqual(['list', 'prune']);
    expect(fishComplete('bench run --pla')).toEqual(['--platform']);
    expect(fishComplete('bench tools list --')).toEqual(expect.arrayContaining(['--json', '--verbose']));
  });
});
