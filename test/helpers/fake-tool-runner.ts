/**
 * A CommandRunner for unit tests that answers in process from a function of the argv, records
 * every call, and fails like the real runner: a non-zero exit throws COMMAND_FAILED unless the
 * caller allowed failure; an answer that is an Error is thrown as is (e.g. TOOL_NOT_FOUND).
 */
import type { CommandResult, CommandRunner, RunOptions } from '../../src/exec/command-runner.ts';
import { HarnessError } from '../../src/errors.ts';
import { printableCommand } from '../../src/render/printable-command.ts';

export type ToolAnswer = Partial<Pick<CommandResult, 'stdout' | 'stderr' | 'exitCode'>> | Error;

export class FakeToolRunner implements CommandRunner {
  readonly calls: { file: string; args: string[]; options: RunOptions | undefined }[] = [];

  constructor(private readonly answer: (file: string, args: string[]) => ToolAnswer = () => ({})) {}

  async run(file: string, args: readonly string[], options?: RunOptions): Promise<CommandResult> {
    this.calls.push({ file, args: [...args], options });
    const answer = this.answer(file, [...args]);
    if (answer instanceof Error) throw answer;
    const command = printableCommand(file, args);
    const result: CommandResult = { command, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', exitCode: answer.exitCode ?? 0, durationMs: 0 };
    if (result.exitCode !== 0 && !options?.allowFailure) {
      throw new HarnessError('COMMAND_FAILED', `\`${command}\` exited with code ${result.exitCode}`, { details: [`command: ${command}`, result.stderr] });
    }
    return result;
  }

  /** The argv of every call, `file arg…`. */
  get commandLines(): string[] {
    return this.calls.map((c) => [c.file, ...c.args].join(' '));
  }
}
