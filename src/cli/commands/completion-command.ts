/**
 * `bench completion bash|zsh|fish`: prints a completion script generated from this program's
 * commands and options (cli/completion-script.ts). Load it with `source <(bench completion bash)`
 * (zsh: the same after compinit), or `bench completion fish | source`.
 */
import type { Command } from 'commander';
import { usageError } from '../../errors.ts';
import type { CliContext } from '../cli-context.ts';
import { COMPLETION_SHELLS, type CompletionShell, completionScript, completionTree } from '../completion-script.ts';

/** The program names the script completes: the bin and its alias. */
export const COMPLETED_PROGRAMS = ['bench', 'meshbench'] as const;

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

export function registerCompletionCommand(program: Command, ctx: CliContext): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish) for bench\'s commands and options')
    .argument('<shell>', COMPLETION_SHELLS.join(' | '))
    .addHelpText('after', '\nLoad it:\n  bash: source <(bench completion bash)          (or save it in ~/.local/share/bash-completion/completions/bench)\n  zsh:  source <(bench completion zsh)           (after compinit)\n  fish: bench completion fish | source           (or save it in ~/.config/fish/completions/bench.fish)')
    .action((shell: string, _flags: unknown, command: Command) => {
      if (!(COMPLETION_SHELLS as readonly string[]).includes(shell)) throw usageError(`no completion for shell "${shell}"`, `use one of: ${COMPLETION_SHELLS.join(', ')}`);
      const tree = completionTree(rootOf(command));
      ctx.stdout.write(completionScript({ shell: shell as CompletionShell, tree, programs: COMPLETED_PROGRAMS }));
    });
}
