/**
 * The programs that run outside the harness — the order-service and the load agent — as single
 * plain-JS ESM files, so they run on a stock `node` (a child process on the local platform, a
 * stock Node image in a pod, from a ConfigMap) with no build step, no tsx and no node_modules.
 *
 * The build (scripts/build-dist.ts) bundles them once with esbuild into dist/workload/; the
 * compiled harness reads those files, so the installed package needs no esbuild. Run from the
 * TypeScript sources (tests, `npm run bench`), the harness bundles them here with esbuild, a dev
 * dependency, so an edited source is what runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../config/config-files.ts';
import { describeFsError, HarnessError } from '../errors.ts';
import type { WorkloadScripts } from './kube-scripts.ts';

export type { WorkloadScripts } from './kube-scripts.ts';

export const ORDER_SERVICE_ENTRY = join(PACKAGE_ROOT, 'src/service/order-service-main.ts');
export const AGENT_ENTRY = join(PACKAGE_ROOT, 'src/load/agent-main.ts');

/** Entry files of the two bundles. */
export interface BundleEntries {
  orderService: string;
  agent: string;
}

/** File names of the bundles the build writes beside the compiled form of this module. */
export const PREBUILT_BUNDLE_FILES: Readonly<Record<keyof WorkloadScripts, string>> = {
  orderService: 'order-service.bundle.mjs',
  agent: 'agent.bundle.mjs',
};

/** True when this module runs compiled (dist/), not from its TypeScript source. */
export function runsCompiled(moduleUrl: string = import.meta.url): boolean {
  return !moduleUrl.endsWith('.ts');
}

/** Bundles one entry into minified ESM for Node 20+, with `require` available for CJS deps. */
export async function bundleScript(entry: string): Promise<string> {
  try {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      write: false,
      minify: true,
      legalComments: 'none',
      // Some dependencies (hdr-histogram-js) are CommonJS and call require().
      banner: { js: "import { createRequire as __meshbenchCreateRequire } from 'node:module'; const require = __meshbenchCreateRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no output');
    return file.text;
  } catch (err) {
    throw new HarnessError('INTERNAL', `cannot bundle ${entry}: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
}

/** The bundles the build wrote into `dir`; a missing one is an INTERNAL error naming the file. */
export function readPrebuiltScripts(dir: string): WorkloadScripts {
  const read = (name: string) => {
    const file = join(dir, name);
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new HarnessError('INTERNAL', `the prebuilt workload bundle ${file} cannot be read: ${describeFsError(err)}`, {
        hint: 'the package is incomplete: in a checkout run `npm run build`; otherwise reinstall meshbench',
        cause: err,
      });
    }
  };
  return { orderService: read(PREBUILT_BUNDLE_FILES.orderService), agent: read(PREBUILT_BUNDLE_FILES.agent) };
}

/**
 * The two programs: compiled, the build's bundles; from the sources (or for explicit entries),
 * bundled now (about a second; call once per run).
 */
export async function bundleWorkloadScripts(entries?: BundleEntries): Promise<WorkloadScripts> {
  if (entries === undefined && runsCompiled()) return readPrebuiltScripts(fileURLToPath(new URL('.', import.meta.url)));
  const { orderService, agent } = entries ?? { orderService: ORDER_SERVICE_ENTRY, agent: AGENT_ENTRY };
  const [orderServiceText, agentText] = await Promise.all([bundleScript(orderService), bundleScript(agent)]);
  return { orderService: orderServiceText, agent: agentText };
}
