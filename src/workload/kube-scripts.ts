/**
 * The bundled scripts as ConfigMaps, one per script (each must stay under the API server's 1 MiB
 * object limit; the agent bundle alone is ~0.5 MB), mounted read-only at /opt/meshbench.
 */
import { createHash } from 'node:crypto';
import { HarnessError } from '../errors.ts';
import type { KubeObject } from '../plan/plan-types.ts';
import { runLabels, SCRIPTS_MOUNT_PATH } from './kube-labels.ts';

/** The bundled JavaScript of the two programs that run in pods. */
export interface WorkloadScripts {
  orderService: string;
  agent: string;
}

/** One script: its ConfigMap, the file name inside it and the path it is run from. */
export interface ScriptRef {
  configMap: string;
  fileName: string;
  path: string;
}

export const ORDER_SERVICE_SCRIPT: ScriptRef = {
  configMap: 'meshbench-order-service-script',
  fileName: 'order-service.mjs',
  path: `${SCRIPTS_MOUNT_PATH}/order-service.mjs`,
};

export const AGENT_SCRIPT: ScriptRef = {
  configMap: 'meshbench-agent-script',
  fileName: 'agent.mjs',
  path: `${SCRIPTS_MOUNT_PATH}/agent.mjs`,
};

/** Largest script accepted: the 1 MiB object limit less room for metadata. */
export const MAX_SCRIPT_BYTES = 1_000_000;

/** sha256 of a script, hex. */
export function scriptSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The ConfigMap carrying one script; throws INTERNAL when it would exceed the object limit. */
export function scriptConfigMap(options: { script: ScriptRef; text: string; namespace: string; runId: string }): KubeObject {
  const bytes = Buffer.byteLength(options.text);
  if (bytes > MAX_SCRIPT_BYTES) {
    throw new HarnessError('INTERNAL', `bundled ${options.script.fileName} is ${bytes} bytes, over the ${MAX_SCRIPT_BYTES}-byte ConfigMap limit`, {
      hint: 'the bundle grew: check src/workload/workload-bundle.ts (minify, externals)',
    });
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: options.script.configMap,
      namespace: options.namespace,
      labels: runLabels(options.runId),
      annotations: { 'meshbench.io/script-sha256': scriptSha256(options.text) },
    },
    data: { [options.script.fileName]: options.text },
  };
}

/** Volumes and mounts of a pod running `script` (scripts read-only, /tmp writable). */
export function scriptVolumes(script: ScriptRef): { volumes: unknown[]; volumeMounts: unknown[] } {
  return {
    volumes: [
      { name: 'scripts', configMap: { name: script.configMap, defaultMode: 0o444 } },
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
    ],
    volumeMounts: [
      { name: 'scripts', mountPath: SCRIPTS_MOUNT_PATH, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
}

/**
 * The container command running a script. ConfigMap files are symlinks into a timestamped
 * folder; `--preserve-symlinks-main` keeps `import.meta.url` equal to the path in argv.
 */
export function scriptCommand(script: ScriptRef): string[] {
  return ['node', '--preserve-symlinks-main', script.path];
}
