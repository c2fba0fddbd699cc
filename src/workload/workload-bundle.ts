/**
 * Bundles the two programs that run in pods (the order-service and the load agent) into one
 * self-contained ESM file each with esbuild, so a stock Node image can run them from a ConfigMap.
 * Single-thread only: autocannon's `workers` mode cannot be bundled (reference/libraries.md §1.8).
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from '../config/config-files.ts';
import { HarnessError } from '../errors.ts';
import type { WorkloadScripts } from './kube-scripts.ts';

/** Entry files of the bundles. */
export interface BundleEntries {
  orderService: string;
  agent: string;
}

/** The entries in this package. */
export const DEFAULT_BUNDLE_ENTRIES: BundleEntries = {
  orderService: join(PACKAGE_ROOT, 'src/workload/order-service-main.ts'),
  agent: join(PACKAGE_ROOT, 'src/load/agent-main.ts'),
};

/** Bundles one entry into minified ESM for Node 20+, with `require` available for CJS deps. */
export async function bundleScript(entry: string): Promise<string> {
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      minify: true,
      legalComments: 'none',
      write: false,
      logLevel: 'silent',
      banner: { js: "import { createRequire as __meshbenchCreateRequire } from 'node:module'; const require = __meshbenchCreateRequire(import.meta.url);" },
    });
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no output');
    return file.text;
  } catch (err) {
    throw new HarnessError('INTERNAL', `cannot bundle ${entry}: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
}

/** Bundles the order-service and the load agent (≈ 1 s). */
export async function bundleWorkloadScripts(entries: BundleEntries = DEFAULT_BUNDLE_ENTRIES): Promise<WorkloadScripts> {
  const [orderService, agent] = await Promise.all([bundleScript(entries.orderService), bundleScript(entries.agent)]);
  return { orderService, agent };
}
