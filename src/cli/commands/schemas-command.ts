import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { renderJsonSchemas } from '../../results/json-schema-export.ts';
import { writeFileAtomic } from '../../results/result-file.ts';
import { type CliContext, writeLine } from '../cli-context.ts';

export function registerSchemasCommand(program: Command, ctx: CliContext): void {
  program
    .command('schemas')
    .description('write the JSON Schemas of scenario, target and result files (editor completion)')
    .option('-o, --out <dir>', 'directory', 'schemas')
    .action((flags: { out: string }) => {
      const dir = resolve(ctx.cwd, flags.out);
      for (const [name, text] of Object.entries(renderJsonSchemas())) {
        writeFileAtomic(join(dir, name), text);
        writeLine(ctx.stdout, `wrote ${join(flags.out, name)}`);
      }
    });
}
