/**
 * The bench invocations written in the example workflow and the README must be ones the CLI
 * accepts: every subcommand exists and every flag is one of its options. A renamed flag would
 * otherwise break a user's CI (or first run) silently, since neither file is executed here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../../src/cli/main.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

function program(): Promise<Command> {
  const out = new PassThrough();
  return buildProgram({ stdout: out, stderr: out, cwd: ROOT, env: {}, signal: new AbortController().signal, verbose: false, exitCode: 0 }, 'all');
}

/** `bench …` commands in shell text: continuation lines joined, from `bench` to the end of the command. */
function benchCommands(shell: string): string[][] {
  const joined = shell.replace(/\\\n\s*/g, ' ');
  const found: string[][] = [];
  for (const line of joined.split('\n')) {
    for (const match of line.matchAll(/(?:^|[\s;&|(])(?:npx )?bench ([^;&|#\n]*)/g)) {
      const words = (match[1] ?? '').trim().match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
      if (words.length > 0) found.push(words);
    }
  }
  return found;
}

/** Flags of `words` that the (sub)command does not declare, e.g. ['--extneded']. */
function unknownFlags(root: Command, words: string[]): string[] {
  let command = root;
  let rest = words;
  for (;;) {
    const sub = command.commands.find((c) => c.name() === rest[0] || c.aliases().includes(rest[0] ?? ''));
    if (!sub) break;
    command = sub;
    rest = rest.slice(1);
  }
  // `bench …` (a placeholder) and root options (`bench --version`) call no command.
  if (command === root && (words[0] === '…' || words[0]?.startsWith('-'))) rest = words;
  else if (command === root) return [`unknown command "${words[0]}"`];
  const known = new Set(
    [...command.options, ...root.options].flatMap((o) => [o.long, o.short, o.negate ? o.long : undefined]).filter((f): f is string => Boolean(f)),
  );
  known.add('--help');
  return rest
    .map((w) => w.replace(/^\[+/, '').replace(/\]+$/, '')) // usage notation: [--context NAME]
    .flatMap((w) => (w.startsWith('-') ? w.split('/') : [w])) // -d/--duration
    .filter((w) => w.startsWith('-') && w !== '-' && !/^-\d/.test(w))
    .map((w) => w.split('=')[0] as string)
    .filter((flag) => !known.has(flag));
}

const root = await program();

describe('documented bench commands', () => {

  it('finds bench commands in shell text, joining continuation lines', () => {
    expect(benchCommands('npx bench compare a.json \\\n   --head b.json --extended\necho bench-free; bench run x --reps 3 && true')).toEqual([
      ['compare', 'a.json', '--head', 'b.json', '--extended'],
      ['run', 'x', '--reps', '3'],
    ]);
    expect(unknownFlags(root, ['compare', 'a', 'b', '--extneded'])).toEqual(['--extneded']);
    expect(unknownFlags(root, ['frobnicate'])).toEqual(['unknown command "frobnicate"']);
    expect(unknownFlags(root, ['run', '<target>', '[--contxt', 'NAME]'])).toEqual(['--contxt']);
  });

  it('the example workflow uses only commands and flags the CLI has', () => {
    const workflow = parse(readFileSync(`${ROOT}.github/workflows/mesh-upgrade-gate.yml`, 'utf8')) as {
      jobs: Record<string, { steps: { run?: string }[] }>;
    };
    const commands = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? benchCommands(step.run) : [])));
    expect(commands.map((c) => c[0])).toEqual(expect.arrayContaining(['run', 'compare', 'report', 'tools']));
    expect(commands.filter((c) => c.includes('--extended'))).toHaveLength(1);
    for (const words of commands) expect(unknownFlags(root, words), words.join(' ')).toEqual([]);
  });

  it('the README and docs/ use only commands and flags the CLI has', () => {
    const files = [`${ROOT}README.md`, ...readdirSync(`${ROOT}docs`).filter((f) => f.endsWith('.md')).map((f) => `${ROOT}docs/${f}`)];
    let total = 0;
    const unknown: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const blocks = [...text.matchAll(/```(?:bash)?\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
      const inline = [...text.matchAll(/`((?:npx )?bench [^`]+)`/g)].map((m) => m[1] ?? '');
      const commands = [...blocks, ...inline].flatMap(benchCommands).filter((words) => !words[0]?.startsWith('<') && !/^[A-Z_]+=/.test(words[0] ?? ''));
      total += commands.length;
      if (file.endsWith('README.md')) expect(commands.length).toBeGreaterThan(15);
      for (const words of commands) for (const flag of unknownFlags(root, words)) unknown.push(`${file.slice(ROOT.length)}: bench ${words.join(' ')}: ${flag}`);
    }
    expect(unknown).toEqual([]);
    expect(total).toBeGreaterThan(60);
  });
});
