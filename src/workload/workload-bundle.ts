/**
 * Bundles the programs that run outside the harness — the order-service and the load agent —
 * into single plain-JS files (esbuild), so they run on a stock `node` (a child process here, a
 * stock node image in a pod) with no build step, no tsx and no node_modules.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../config/config-files.ts';

export interface WorkloadScripts {
  /** JS source of the order-service program. */
  orderService: string;
  /** JS source of the load agent program. */
  agent: string;
}

export const ORDER_SERVICE_ENTRY = join(PACKAGE_ROOT, 'src/workload/order-service-main.ts');
export const AGENT_ENTRY = join(PACKAGE_ROOT, 'src/load/agent-main.ts');

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    minify: true,
    legalComments: 'none',
    // Some dependencies (undici, autocannon) are CommonJS and call require() for builtins.
    banner: { js: "import { createRequire as __meshbenchCreateRequire } from 'node:module'; const require = __meshbenchCreateRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return file.text;
}

/** Bundles both programs (about a second; call once per run). */
export async function bundleWorkloadScripts(): Promise<WorkloadScripts> {
  const [orderService, agent] = await Promise.all([bundle(ORDER_SERVICE_ENTRY), bundle(AGENT_ENTRY)]);
  return { orderService, agent };
}
