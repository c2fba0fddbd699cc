import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { completionScript, completionTree } from '../../../src/cli/completion-script.ts';
import { buildProgram } from '../../../src/cli/main.ts';
import { runBench } from '../../helpers/cli-harness.ts';

const out = new PassThrough();
const tree = completionTree(await buildProgram({ stdout: out, stderr: out, cwd: process.cwd(), env: {}, signal: new AbortController().signal, verbose: false, exitCode: 0 }, 'all'));
const programs = ['bench', 'meshbench'];

describe('bench completion', () => {
  it('prints the script of the shell asked for', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const run = await runBench(['completion', shell]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(completionScript({ shell: shell as 'bash', tree, programs }));
    }
  });

  it('refuses another shell with exit 2', async () => {
    const run = await runBench(['completion', 'powershell']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no completion for shell "powershell"');
  });
});
