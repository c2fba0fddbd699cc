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

async function bundleBoth(entries: BundleEntries): Promise<WorkloadScripts> {
  const [orderService, agent] = await Promise.all([bundleScript(entries.orderService), bundleScript(entries.agent)]);
  return { orderService, agent };
}

/** The harness's own programs, bundled once per process (their sources do not change while it runs). */
let harnessBundles: Promise<WorkloadScripts> | undefined;

/**
 * The two programs: compiled, the build's bundles; from the sources, bundled now (about a second of
 * CPU). The harness's own entries are bundled once per process and reused (the arms of a run, the
 * runs of a test file); explicit entries every time.
 */
export async function bundleWorkloadScripts(entries?: BundleEntries): Promise<WorkloadScripts> {
  if (entries) return bundleBoth(entries);
  // dist/workload/ seen from this module compiled (dist/workload/) or from a chunk of the CLI bundle (dist/cli-bundle/).
  if (runsCompiled()) return readPrebuiltScripts(fileURLToPath(new URL('../workload/', import.meta.url)));
  harnessBundles ??= bundleBoth({ orderService: ORDER_SERVICE_ENTRY, agent: AGENT_ENTRY }).catch((err: unknown) => {
    harnessBundles = undefined;
    throw err;
  });
  return { ...(await harnessBundles) };
}
