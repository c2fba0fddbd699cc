/**
 * In-cluster addresses of the service chain (service-chain.ts names it: gateway → order →
 * fulfillment → …). The load agents call the first service.
 */
import { SERVICE_PORT } from './service-chain.ts';

export { chainServiceNames } from './service-chain.ts';

/** In-cluster URL of a service of the chain. */
export function serviceUrl(name: string, namespace: string): string {
  return `http://${name}.${namespace}.svc.cluster.local:${SERVICE_PORT}`;
}
