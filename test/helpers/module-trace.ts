/**
 * Which modules a node process loads. `node …tracer.nodeArgs <script>` preloads a module that
 * records every ES module through a load hook (module.register) and every CommonJS module from
 * require.cache at exit, one file URL a line. Used by the packed-package test (what a command
 * loads) and by bench/cli-startup.ts (module counts beside the timings).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ModuleTracer {
  /** node arguments that enable the trace: put them before the script. */
  nodeArgs: string[];
  /** Empties the trace before the next traced run. */
  reset(): void;
  /** The file URLs loaded since the last reset (the tracer's own preload excluded). */
  loaded(): string[];
}

/** Writes the preload and its trace file into `dir` (an existing folder the caller removes). */
export function createModuleTracer(dir: string): ModuleTracer {
  const traceFile = join(dir, 'module-trace.txt');
  const preload = join(dir, 'module-trace-preload.mjs');
  const hook = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(${JSON.stringify(traceFile)}, url + '\\n'); return next(url, context); }`;
  writeFileSync(
    preload,
    `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(${JSON.stringify(traceFile)}, Object.keys(cache).map((f) => 'file://' + f + '\\n').join('')));
`,
  );
  writeFileSync(traceFile, '');
  return {
    nodeArgs: ['--import', preload],
    reset: () => writeFileSync(traceFile, ''),
    loaded: () => [...new Set(readFileSync(traceFile, 'utf8').split('\n'))].filter((u) => u.startsWith('file://') && !u.endsWith('/module-trace-preload.mjs')),
  };
}
