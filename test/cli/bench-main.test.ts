/** The bench process from the sources: argv in, exit code and output out. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SOURCE_CLI_ARGS } from '../helpers/source-cli.ts';

const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [...SOURCE_CLI_ARGS, ...args]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );

describe('bench-main', () => {
  it('runs the CLI with the process arguments: --version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    const result = await run(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toContain(version);
  });

  it('sets the exit code the CLI decides: an unknown command is a usage error (exit 2)', async () => {
    const result = await run(['no-such-command']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no-such-command/);
  });
});
