/**
 * Registers every command. Each command file exports `register<Name>Command(program, ctx)` and
 * keeps its argument parsing there; the work itself lives in pipeline/, load/, compare/, report/.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';
import { registerCalibrateCommand } from './calibrate-command.ts';
import { registerClustersCommand } from './clusters-command.ts';
import { registerCompareCommand } from './compare-command.ts';
import { registerCompletionCommand } from './completion-command.ts';
import { registerDoctorCommand } from './doctor-command.ts';
import { registerLoadCommand } from './load-command.ts';
import { registerReportCommand } from './report-command.ts';
import { registerRunCommand } from './run-command.ts';
import { registerToolsCommand } from './tools-command.ts';
import { registerSchemasCommand } from './schemas-command.ts';
import { registerValidateCommand } from './validate-command.ts';

export function registerCommands(program: Command, ctx: CliContext): void {
  registerRunCommand(program, ctx);
  registerLoadCommand(program, ctx);
  registerValidateCommand(program, ctx);
  registerSchemasCommand(program, ctx);
  registerCompareCommand(program, ctx);
  registerCalibrateCommand(program, ctx);
  registerReportCommand(program, ctx);
  registerToolsCommand(program, ctx);
  registerDoctorCommand(program, ctx);
  registerClustersCommand(program, ctx);
  registerCompletionCommand(program, ctx);
}
