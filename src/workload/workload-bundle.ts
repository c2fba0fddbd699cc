/**
 * Bundles the programs that run outside the harness — the order-service and the load agent —
 * into single plain-JS ESM files (esbuild), so they run on a stock `node` (a child process on the
 * local platform, a stock Node image in a pod, from a ConfigMap) with no build step, no tsx and no
 * node_modules.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from '../config/config-files.ts';
import { HarnessError } from '../errors.ts';
import type { WorkloadScripts } from './kube-scripts.ts';

export type { WorkloadScripts } from './kube-scripts.ts';

export const ORDER_SERVICE_ENTRY = join(PACKAGE_ROOT, 'src/service/order-service-main.ts');
export const AGENT_ENTRY = join(PACKAGE_ROOT, 'src/load/agent-main.ts');

/** Entry files of the two bundles. */
export interface BundleEntries {
  orderService: string;
  agent: string;
}

/** Bundles one entry into minified ESM for Node 20+, with `require` available for CJS deps. */
export async function bundleScript(entry: string): Promise<string> {
  try {
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

async function bundleBoth(entries: BundleEntries): Promise<WorkloadScripts> {
  const [orderService, agent] = await Promise.all([bundleScript(entries.orderService), bundleScript(entries.agent)]);
  return { orderService, agent };
}

/** The harness's own programs, bundled once per process (their sources do not change while it runs). */
let harnessBundles: Promise<WorkloadScripts> | undefined;

/**
 * Bundles both programs (about a second of CPU). The harness's own entries are bundled once per
 * process and reused (the arms of a run, the runs of a test file); other entries every time.
 */
export async function bundleWorkloadScripts(entries?: BundleEntries): Promise<WorkloadScripts> {
  if (entries) return bundleBoth(entries);
  harnessBundles ??= bundleBoth({ orderService: ORDER_SERVICE_ENTRY, agent: AGENT_ENTRY }).catch((err: unknown) => {
    harnessBundles = undefined;
    throw err;
  });
  return { ...(await harnessBundles) };
}
