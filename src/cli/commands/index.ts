/**
 * The commands, each loaded when it is called. Each command file exports
 * `register<Name>Command(program, ctx)` and keeps its argument parsing there; the work itself
 * lives in pipeline/, load/, compare/, report/. `bench --help` and `--version` load no command
 * file, and `bench compare …` loads compare-command.ts and what it imports, nothing of `run`'s:
 * start-up stays close to bare node's and the Kubernetes client loads only for the commands that
 * talk to a cluster (docs/build.md has the measurements).
 *
 * The commands not called are listed by their entry below: `term` and `summary` are what
 * `bench --help` shows for them. test/cli/commands/index.test.ts checks both against the command
 * files, so the listing cannot drift from them.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';

type Register = (program: Command, ctx: CliContext) => void;

/** One command as `bench --help` lists it, and how to load it. */
export interface CommandEntry {
  name: string;
  /** The command's usage in the listing, e.g. `compare [options] <base...>`. */
  term: string;
  /** Its description. */
  summary: string;
  load(): Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    term: 'run [options] <target>',
    summary: 'provision the platform, install the target mesh, deploy the workload, measure, write a result file',
    load: async () => (await import('./run-command.ts')).registerRunCommand,
  },
  {
    name: 'load',
    term: 'load [options] <url>',
    summary: 'the load engine alone against a URL, like wrk2: open loop at a constant rate, or a closed-loop max-throughput probe',
    load: async () => (await import('./load-command.ts')).registerLoadCommand,
  },
  {
    name: 'validate',
    term: 'validate [options] <files...>',
    summary: 'check scenario, target or gate files (schema, units, unknown fields); every problem of every file',
    load: async () => (await import('./validate-command.ts')).registerValidateCommand,
  },
  {
    name: 'schemas',
    term: 'schemas [options]',
    summary: 'write the JSON Schemas of scenario, target and result files (editor completion)',
    load: async () => (await import('./schemas-command.ts')).registerSchemasCommand,
  },
  {
    name: 'compare',
    term: 'compare [options] <base...>',
    summary: 'gate a head result against a base result: per-repetition Mann-Whitney, Hodges-Lehmann shifts, Holm',
    load: async () => (await import('./compare-command.ts')).registerCompareCommand,
  },
  {
    name: 'calibrate',
    term: 'calibrate [options] <target>',
    summary: 'measure an interleaved A/A batch and write a noise profile for `compare --noise` and `run --budget`',
    load: async () => (await import('./calibrate-command.ts')).registerCalibrateCommand,
  },
  {
    name: 'report',
    term: 'report [options] <results...>',
    summary: 'render result files as one self-contained HTML report (offline, inline SVG), CSV or SMP JSON',
    load: async () => (await import('./report-command.ts')).registerReportCommand,
  },
  {
    name: 'tools',
    term: 'tools',
    summary: 'pinned mesh CLIs (istioctl, linkerd, cilium, helm)',
    load: async () => (await import('./tools-command.ts')).registerToolsCommand,
  },
  {
    name: 'doctor',
    term: 'doctor [options]',
    summary: 'check the tools a platform and target need: versions found, how to install what is missing',
    load: async () => (await import('./doctor-command.ts')).registerDoctorCommand,
  },
  {
    name: 'clusters',
    term: 'clusters',
    summary: 'what meshbench left behind: kind clusters (named meshbench-…) and local runs whose harness was killed',
    load: async () => (await import('./clusters-command.ts')).registerClustersCommand,
  },
  {
    name: 'completion',
    term: 'completion <shell>',
    summary: "print a shell completion script (bash, zsh or fish) for bench's commands and options",
    load: async () => (await import('./completion-command.ts')).registerCompletionCommand,
  },
];

/** Commands that read the whole command tree (every option of every command) when they run. */
const NEEDS_EVERY_COMMAND: readonly string[] = ['completion'];

/** Options of the root program that take a value (none today): their value is not a command. */
const ROOT_OPTIONS_WITH_VALUE: readonly string[] = [];

/**
 * The command the arguments call: the first word that is not an option (`help X` and
 * `X --help` call X); null when there is none (`--version`, `--help`, nothing).
 */
export function calledCommand(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (word === '--') return args[i + 1] ?? null;
    if (word.startsWith('-')) {
      if (ROOT_OPTIONS_WITH_VALUE.includes(word)) i++;
      continue;
    }
    return word === 'help' ? (args[i + 1] ?? null) : word;
  }
  return null;
}

/**
 * Registers the commands on the program: `'all'` loads every command file (tests, tools that walk
 * every option); otherwise only the one `args` call is loaded and the others are listed.
 */
export async function registerCommands(program: Command, ctx: CliContext, args: readonly string[] | 'all'): Promise<void> {
  const wanted = args === 'all' ? null : calledCommand(args);
  const all = args === 'all' || (wanted !== null && NEEDS_EVERY_COMMAND.includes(wanted));
  const terms = new Map(COMMANDS.map((c) => [c.name, c.term]));
  const help = program.createHelp();
  program.configureHelp({ subcommandTerm: (cmd) => (cmd.parent === program ? terms.get(cmd.name()) : undefined) ?? help.subcommandTerm(cmd) });
  for (const entry of COMMANDS) {
    if (all || entry.name === wanted) (await entry.load())(program, ctx);
    else program.command(entry.name).description(entry.summary);
  }
}
