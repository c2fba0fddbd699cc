/**
 * A CommandRunner for tests: records every call and answers from a list of scripted replies
 * matched on the argv (first match wins).
 */
import type { CommandResult, CommandRunner, RunOptions } from '../../src/exec/command-runner.ts';
import { printableCommand } from '../../src/render/printable-command.ts';

export interface ScriptedReply {
  /** Matches when every element appears in argv at the same index (file first). */
  match: (string | RegExp)[];
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

export class RecordingRunner implements CommandRunner {
  readonly calls: { file: string; args: string[]; options: RunOptions | undefined }[] = [];

  constructor(private readonly replies: ScriptedReply[]) {}

  async run(file: string, args: readonly string[], options?: RunOptions): Promise<CommandResult> {
    this.calls.push({ file, args: [...args], options });
    const argv = [file, ...args];
    const reply = this.replies.find((r) => r.match.every((m, i) => (typeof m === 'string' ? argv[i] === m : m.test(argv[i] ?? ''))));
    return {
      command: printableCommand(file, args),
      stdout: reply?.stdout ?? '',
      stderr: reply?.stderr ?? (reply ? '' : `no scripted reply for ${printableCommand(file, args)}`),
      exitCode: reply ? (reply.exitCode ?? 0) : 127,
      durationMs: 1,
    };
  }
}
