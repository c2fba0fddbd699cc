/**
 * Test helper: runs the order-service program as a child process the way the local platform
 * does (`node --import tsx src/service/order-service-main.ts`, or a bundled .mjs on plain node)
 * and waits for its listening line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ORDER_SERVICE_ENV } from '../../src/service/order-service-config.ts';

export const MAIN_PATH = fileURLToPath(new URL('../../src/service/order-service-main.ts', import.meta.url));

export interface ListeningLine {
  type: string;
  port: number;
  service: string;
  pid: number;
}

export interface ServiceProcess {
  child: ChildProcess;
  listening: ListeningLine;
  stdoutLines: string[];
  stderr: () => string;
  /** Exit code (or signal name) once the process ends. */
  exited: Promise<number | string>;
}

export interface ExitedProcess {
  code: number | string;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess): { stdout: () => string; stderr: () => string; exited: Promise<number | string> } {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return { stdout: () => stdout, stderr: () => stderr, exited };
}

/** This process's environment without the program's variables, plus `env`. */
function childEnv(env: Record<string, string>): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const name of Object.values(ORDER_SERVICE_ENV)) delete base[name];
  return { ...base, ...env };
}

/** Node arguments to run the program: through tsx by default, or a bundle on plain node. */
export function programArgs(bundlePath?: string): string[] {
  return bundlePath ? [bundlePath] : ['--import', 'tsx', MAIN_PATH];
}

/** Starts the program and resolves once it printed its listening line (rejects if it exits first). */
export async function startServiceProcess(env: Record<string, string>, bundlePath?: string): Promise<ServiceProcess> {
  const child = spawn(process.execPath, programArgs(bundlePath), {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  const deadline = Date.now() + 15_000;
  while (!output.stdout().includes('\n')) {
    const exited = await Promise.race([output.exited, new Promise((r) => setTimeout(r, 20, undefined))]);
    if (exited !== undefined) throw new Error(`order-service exited (${exited}) before listening: ${output.stderr()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`order-service did not print its listening line within 15 s: ${output.stderr()}`);
    }
  }
  const stdoutLines = output.stdout().split('\n').filter(Boolean);
  return {
    child,
    listening: JSON.parse(stdoutLines[0] ?? '{}') as ListeningLine,
    stdoutLines,
    stderr: output.stderr,
    exited: output.exited.then((code) => {
      stdoutLines.splice(0, stdoutLines.length, ...output.stdout().split('\n').filter(Boolean));
      return code;
    }),
  };
}

/** Runs the program to its end (for configurations that make it exit at once). */
export async function runServiceProcess(env: Record<string, string>, bundlePath?: string): Promise<ExitedProcess> {
  const child = spawn(process.execPath, programArgs(bundlePath), { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await output.exited;
  clearTimeout(timer);
  return { code, stdout: output.stdout(), stderr: output.stderr() };
}
