import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseGateConfig } from '../../compare/gate/gate-file.ts';
import { validateConfigFile } from '../../config/config-files.ts';
import { type CliContext, writeLine } from '../cli-context.ts';

export function registerValidateCommand(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check scenario, target or gate files (schema, units, unknown fields)')
    .argument('<files...>', 'scenario, target or gate YAML files')
    .action((files: string[]) => {
      for (const file of files) {
        const path = resolve(ctx.cwd, file);
        let text = '';
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          // validateConfigFile reports the unreadable file.
        }
        if (/^kind:\s*Gate\s*$/m.test(text)) {
          const gate = parseGateConfig({ file, text });
          writeLine(ctx.stdout, `ok ${file}: Gate "${gate.name}"`);
          continue;
        }
        const { kind, name } = validateConfigFile(file, ctx.cwd);
        writeLine(ctx.stdout, `ok ${file}: ${kind} "${name}"`);
      }
    });
}
