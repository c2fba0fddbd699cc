/**
 * `npm run build`, and `prepare` (so `npm ci` in a checkout builds): compiles src/ to dist/ with
 * tsc, JavaScript and declarations (the programmatic API, `import … from 'meshbench'`), bundles
 * the CLI that bin/bench.js runs into dist/cli-bundle/ (a few files instead of hundreds of
 * modules: docs/build.md has the measurements), and bundles the two programs that run outside the
 * harness, the order-service and the load agent, into dist/workload/ with the settings the sources
 * use (src/workload/workload-bundle.ts). The package then runs from dist/ with its production
 * dependencies only: no tsx, no esbuild.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/config/config-files.ts';
import { bundleWorkloadScripts, PREBUILT_BUNDLE_FILES } from '../src/workload/workload-bundle.ts';
import { bundleCli } from './cli-bundle.ts';

/** `from './x.ts'` and `import('../y.ts')` → `.js`: relative specifiers only, packages untouched. */
function rewriteDeclarationSpecifiers(text: string): string {
  return text.replace(/(\bfrom\s+|\bimport\(\s*)(['"])(\.{1,2}\/[^'"]*?)\.ts\2/g, '$1$2$3.js$2');
}

const started = performance.now();
const dist = join(PACKAGE_ROOT, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(PACKAGE_ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
// tsc keeps the sources' `./x.ts` specifiers in declarations (microsoft/TypeScript#61037); a
// consumer's editor or resolver looks for the .js/.d.ts pair that exists in dist/.
for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.d.ts')) continue;
  const path = join(dist, file);
  writeFileSync(path, rewriteDeclarationSpecifiers(readFileSync(path, 'utf8')));
}
await bundleCli(join(dist, 'cli-bundle'));
// Run from the .ts sources, bundleWorkloadScripts bundles with esbuild (a dev dependency).
const scripts = await bundleWorkloadScripts();
writeFileSync(join(dist, 'workload', PREBUILT_BUNDLE_FILES.orderService), scripts.orderService);
writeFileSync(join(dist, 'workload', PREBUILT_BUNDLE_FILES.agent), scripts.agent);
process.stderr.write(`built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
