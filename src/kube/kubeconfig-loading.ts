/**
 * Loading the run's kubeconfig (one file, or a `:`-separated list merged like kubectl) with a
 * chosen context, and the per-request timeout every API call carries.
 */
import { KubeConfig, type Middleware, type RequestContext, type ResponseContext } from '@kubernetes/client-node';
import { delimiter } from 'node:path';
import { HarnessError } from '../errors.ts';

/** Puts a fresh timeout signal on every request of a client. */
export function requestTimeoutMiddleware(timeoutMs: number): Middleware {
  return {
    pre: async (context: RequestContext) => {
      context.setSignal(AbortSignal.timeout(timeoutMs));
      return context;
    },
    post: async (context: ResponseContext) => context,
  };
}

/** Loads one kubeconfig file, or a `:`-separated list merged like kubectl does. */
export function loadKubeConfig(kubeconfigPath: string, context: string | null | undefined): KubeConfig {
  const kc = new KubeConfig();
  const files = kubeconfigPath.split(delimiter).filter((f) => f);
  const [first, ...rest] = files;
  if (!first) throw new HarnessError('USAGE', 'no kubeconfig file given');
  try {
    kc.loadFromFile(first);
    for (const file of rest) {
      const other = new KubeConfig();
      other.loadFromFile(file);
      kc.mergeConfig(other, true);
    }
  } catch (err) {
    throw new HarnessError('CONFIG_INVALID', `cannot load kubeconfig ${kubeconfigPath}: ${(err as Error).message}`, { cause: err });
  }
  if (context) {
    if (!kc.getContextObject(context)) {
      throw new HarnessError('USAGE', `context "${context}" is not in ${kubeconfigPath}`, {
        hint: `known contexts: ${kc.getContexts().map((c) => c.name).join(', ') || '(none)'}`,
      });
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) {
    throw new HarnessError('CONFIG_INVALID', `kubeconfig ${kubeconfigPath} has no current context with a cluster`, {
      hint: 'pass --context NAME',
    });
  }
  return kc;
}
