/**
 * Puts the fake tools of test/fixtures/bin (kind, docker, kubectl, and the mesh CLIs) first on
 * PATH for a test, with a fresh log and state folder, and reads back what they were asked to do.
 *
 * Environment the fakes read: FAKE_TOOLS_LOG (one JSON line per call: tool, argv, kubeconfig),
 * FAKE_TOOLS_STATE (kind clusters, docker images), FAKE_KUBE_API_URL (the fake API server that
 * `kind create cluster` points its kubeconfig at), FAKE_<TOOL>_FAIL (regex on the argv: fail),
 * FAKE_DOCKER_DAEMON=down (docker without a daemon).
 *
 * `runner` runs the fakes in process (recording-command-runner.ts): pass it wherever the code
 * under test takes a CommandRunner (runBench's `runner`, prepare options). Code that gets the real
 * runner spawns the executables of test/fixtures/bin instead; both share the log and the state.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RecordingCommandRunner } from './recording-command-runner.ts';
import { tempDir } from './temp-dir.ts';

/** The folder holding the fake executables. */
export const FAKE_BIN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'bin');

/** One recorded call of a fake tool. */
export interface FakeToolCall {
  tool: string;
  argv: string[];
  kubeconfig: string | null;
  stdin?: string;
}

/** A set of fakes for one test. */
export interface FakeTools {
  dir: string;
  logPath: string;
  stateDir: string;
  /** Environment to run commands with (PATH with the fakes first). */
  env: Record<string, string>;
  /** Runs the fakes in process (anything else with the real runner) and records each call. */
  runner: RecordingCommandRunner;
  /** Calls recorded so far, optionally of one tool. */
  calls(tool?: string): FakeToolCall[];
  /** Sets process.env to `env` (for code that spawns with the process environment); returns the undo. */
  activate(): () => void;
  /** Removes the temporary folder. */
  cleanup(): void;
}

/** Options of {@link setupFakeTools}. */
export interface FakeToolsOptions {
  /** The fake API server `kind create cluster` should point at. */
  apiUrl?: string | undefined;
  /** Extra environment (FAKE_KIND_FAIL, FAKE_DOCKER_DAEMON, …). */
  env?: Record<string, string> | undefined;
  /** PATH after the fakes; default the current PATH. Pass a bare system PATH to hide real tools. */
  restOfPath?: string | undefined;
}

/** Creates a fresh set of fakes. */
export function setupFakeTools(options: FakeToolsOptions = {}): FakeTools {
  const dir = tempDir('meshbench-fakes-');
  const logPath = join(dir, 'calls.jsonl');
  const stateDir = join(dir, 'state');
  const env: Record<string, string> = {
    PATH: `${FAKE_BIN_DIR}:${options.restOfPath ?? process.env['PATH'] ?? ''}`,
    FAKE_TOOLS_LOG: logPath,
    FAKE_TOOLS_STATE: stateDir,
    ...(options.apiUrl ? { FAKE_KUBE_API_URL: options.apiUrl } : {}),
    ...(options.env ?? {}),
  };
  return {
    dir,
    logPath,
    stateDir,
    env,
    runner: new RecordingCommandRunner(),
    calls(tool?: string): FakeToolCall[] {
      if (!existsSync(logPath)) return [];
      const all = readFileSync(logPath, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as FakeToolCall);
      return tool ? all.filter((c) => c.tool === tool) : all;
    },
    activate(): () => void {
      const saved = new Map<string, string | undefined>();
      for (const [k, v] of Object.entries(env)) {
        saved.set(k, process.env[k]);
        process.env[k] = v;
      }
      return () => {
        for (const [k, v] of saved) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      };
    },
    cleanup(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
