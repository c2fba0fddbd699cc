/**
 * The service chain of a scenario: `chainDepth` instances of the order-service, each calling the
 * next (gateway → order → fulfillment → …). The load agents call the first.
 */
import { SERVICE_PORT } from './kube-labels.ts';

const CHAIN_NAMES = ['gateway', 'order', 'fulfillment', 'inventory', 'payment'] as const;

/** Service names for a chain depth: 1 → [order]; 2 → [gateway, order]; 3 → [gateway, order, fulfillment]; … */
export function chainServiceNames(depth: number): string[] {
  if (depth <= 1) return ['order'];
  return CHAIN_NAMES.slice(0, Math.min(depth, CHAIN_NAMES.length));
}

/** In-cluster URL of a service of the chain. */
export function serviceUrl(name: string, namespace: string): string {
  return `http://${name}.${namespace}.svc.cluster.local:${SERVICE_PORT}`;
}
