import type { Command } from 'commander';
import { validateConfigFile } from '../../config/config-files.ts';
import { type CliContext, writeLine } from '../cli-context.ts';

export function registerValidateCommand(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check scenario or target files (schema, units, unknown fields)')
    .argument('<files...>', 'scenario or target YAML files')
    .action((files: string[]) => {
      for (const file of files) {
        const { kind, name } = validateConfigFile(file, ctx.cwd);
        writeLine(ctx.stdout, `ok ${file}: ${kind} "${name}"`);
      }
    });
}
