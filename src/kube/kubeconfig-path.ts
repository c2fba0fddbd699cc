/**
 * Where kubectl would read the kubeconfig from. Apart from kubeconfig-export.ts, which loads the
 * Kubernetes client, so that a command naming the path does not pay for loading the client.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$KUBECONFIG` (a `:`-separated list) or ~/.kube/config. */
export function defaultKubeconfigPath(env: Record<string, string | undefined>): string {
  const fromEnv = env['KUBECONFIG'];
  if (fromEnv?.trim()) return fromEnv;
  return join(env['HOME'] ?? homedir(), '.kube', 'config');
}
