/**
 * The bench CLI as a real process, run from the TypeScript sources with tsx as `npm run bench`
 * runs it, so a test never depends on dist/ being built and current:
 * `spawn(process.execPath, [...SOURCE_CLI_ARGS, 'run', …])`. One process (tsx is a loader in it,
 * not a parent), so a signal sent to the child reaches the harness itself.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export const SOURCE_CLI_ARGS: readonly string[] = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/bench-main.ts')];
