/**
 * The CLI as bin/bench.js runs it: src/cli/bench-main.ts bundled by esbuild into
 * dist/cli-bundle/, one chunk per lazily loaded command plus shared chunks, and the worker-thread
 * entry of `load --threads` (src/load/open-loop-thread-main.ts) beside it. Why a bundle, and what
 * each setting saves: docs/build.md.
 *
 * The chunks sit flat in dist/cli-bundle/, two levels below the package root like the compiled
 * modules in dist/<folder>/, so the paths the code derives from its own URL hold in both:
 * PACKAGE_ROOT (src/config/config-files.ts), the prebuilt workload bundles in dist/workload/
 * (src/workload/workload-bundle.ts), the sibling thread entry (src/load/open-loop-threads.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { parseGateConfig } from '../src/compare/gate/gate-file.ts';
import type { ShippedGate } from '../src/compare/gate/shipped-gate-table.ts';
import { PACKAGE_ROOT } from '../src/config/config-files.ts';

/**
 * The source of src/compare/gate/shipped-gate-table.ts in the bundle: every gates/*.yaml with its
 * text, parsed and validated now, as `bench compare` would at run time. A gate that does not
 * survive JSON unchanged (it could not be embedded as is) fails the build.
 */
export function shippedGateTableSource(gatesDir: string): string {
  const gates: ShippedGate[] = readdirSync(gatesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(gatesDir, f), 'utf8');
      return { text, gate: parseGateConfig({ file: `gates/${f}`, text }) };
    });
  const json = JSON.stringify(gates);
  if (!isDeepStrictEqual(JSON.parse(json), gates)) throw new Error(`${gatesDir}: a parsed gate does not survive JSON; it cannot be embedded in the CLI bundle`);
  return `export const SHIPPED_GATES = ${json};\n`;
}

/** Replaces the empty shipped-gate table of the sources with the parsed gates/*.yaml. */
const preParsedGates: Plugin = {
  name: 'pre-parsed-gates',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]compare[\\/]gate[\\/]shipped-gate-table\.ts$/ }, () => ({
      contents: shippedGateTableSource(join(PACKAGE_ROOT, 'gates')),
      loader: 'js',
      watchFiles: [join(PACKAGE_ROOT, 'gates')],
    }));
  },
};

/**
 * hdr-histogram-js inflates and deflates with node:zlib when `require('zlib')` works, as it does
 * in Node, and loads pako (about 130 KB) only as the browser's fallback. In the bundle that
 * fallback is node:zlib too, so pako is not loaded at all.
 */
const pakoAsNodeZlib: Plugin = {
  name: 'pako-as-node-zlib',
  setup(b) {
    b.onResolve({ filter: /^pako$/ }, () => ({ path: 'pako', namespace: 'pako-as-node-zlib' }));
    b.onLoad({ filter: /.*/, namespace: 'pako-as-node-zlib' }, () => ({
      contents: "const zlib = require('node:zlib'); module.exports = { inflate: (data) => zlib.inflateSync(data), deflate: (data, options) => zlib.deflateSync(data, options) };",
      loader: 'js',
    }));
  },
};

/** Bundles the CLI into `outdir` (emptied first by the caller's clean of dist/). */
export async function bundleCli(outdir: string): Promise<void> {
  await build({
    entryPoints: { 'bench-main': join(PACKAGE_ROOT, 'src/cli/bench-main.ts'), 'open-loop-thread-main': join(PACKAGE_ROOT, 'src/load/open-loop-thread-main.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: '[name]-[hash]',
    // Identifiers too: `keepNames` (readable names in --verbose stack traces) cost 6–12 % of a
    // two-file compare's CPU in one A/B (docs/build.md).
    minify: true,
    legalComments: 'none',
    // The Kubernetes client (loaded only to talk to a cluster) and esbuild (only run from the sources) stay packages.
    external: ['@kubernetes/client-node', 'esbuild'],
    // CommonJS dependencies (commander, hdr-histogram-js) call require().
    banner: { js: "import { createRequire as __meshbenchCreateRequire } from 'node:module'; const require = __meshbenchCreateRequire(import.meta.url);" },
    plugins: [pakoAsNodeZlib, preParsedGates],
    logLevel: 'warning',
  });
}
