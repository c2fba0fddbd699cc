/**
 * The run's own kubeconfig on an existing cluster: one context copied out of the user's kubeconfig
 * (like `kubectl config view --minify --flatten --context X`), certificate files inlined, written
 * with mode 0600. Every tool of the run (mesh CLIs, helm, kubectl) then uses exactly that context,
 * whatever the user's current context becomes while the run goes on.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { HarnessError } from '../errors.ts';

function inline(file: string | undefined, data: string | undefined): string | undefined {
  if (data) return data;
  if (!file) return undefined;
  return readFileSync(file).toString('base64');
}

/** Options of {@link exportContextKubeconfig}. */
export interface ExportKubeconfigOptions {
  /** The user's kubeconfig: one file or a `:`-separated list. */
  sourcePath: string;
  /** Context to copy; null = the source's current context. */
  context: string | null;
  /** File to write (mode 0600). */
  outPath: string;
}

/** What was exported. */
export interface ExportedKubeconfig {
  context: string;
  cluster: string;
  server: string;
}

/** Writes a single-context, self-contained kubeconfig; throws USAGE for an unknown context. */
export function exportContextKubeconfig(options: ExportKubeconfigOptions): ExportedKubeconfig {
  const source = new KubeConfig();
  const files = options.sourcePath.split(delimiter).filter((f) => f);
  try {
    const [first, ...rest] = files;
    if (!first) throw new Error('no file');
    source.loadFromFile(first);
    for (const file of rest) {
      const other = new KubeConfig();
      other.loadFromFile(file);
      source.mergeConfig(other, true);
    }
  } catch (err) {
    throw new HarnessError('USAGE', `cannot read kubeconfig ${options.sourcePath}: ${(err as Error).message}`, {
      hint: 'point KUBECONFIG at your cluster or pass --platform kind',
      cause: err,
    });
  }
  const contextName = options.context ?? source.getCurrentContext();
  const context = contextName ? source.getContextObject(contextName) : null;
  if (!context) {
    throw new HarnessError('USAGE', contextName ? `context "${contextName}" not found in ${options.sourcePath}` : `${options.sourcePath} has no current context`, {
      hint: `known contexts: ${source.getContexts().map((c) => c.name).join(', ') || '(none)'}; pass --context NAME`,
    });
  }
  const cluster = source.getCluster(context.cluster);
  const user = context.user ? source.getUser(context.user) : null;
  if (!cluster) throw new HarnessError('USAGE', `context "${context.name}" names cluster "${context.cluster}", which is not in ${options.sourcePath}`);
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: [{ ...cluster, caData: inline(cluster.caFile, cluster.caData), caFile: undefined }],
    users: user
      ? [
          {
            ...user,
            certData: inline(user.certFile, user.certData),
            certFile: undefined,
            keyData: inline(user.keyFile, user.keyData),
            keyFile: undefined,
          },
        ]
      : [{ name: 'meshbench-anonymous' }],
    contexts: [{ ...context, user: user?.name ?? 'meshbench-anonymous' }],
    currentContext: context.name,
  });
  mkdirSync(dirname(options.outPath), { recursive: true });
  writeFileSync(options.outPath, out.exportConfig(), { mode: 0o600 });
  chmodSync(options.outPath, 0o600);
  return { context: context.name, cluster: cluster.name, server: cluster.server };
}
