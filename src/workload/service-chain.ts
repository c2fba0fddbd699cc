/**
 * The services of a scenario's chain, entry first: depth 1 is the order service alone; deeper
 * chains put a gateway in front and a fulfillment service (and more) behind it. Each is the same
 * order-service program pointing at the next one.
 */
const CHAIN = ['gateway', 'order', 'fulfillment', 'inventory', 'payment'] as const;

export function chainServiceNames(depth: number): string[] {
  if (depth <= 1) return ['order'];
  return CHAIN.slice(0, Math.min(depth, CHAIN.length));
}

/** Port every service listens on inside a pod (Kubernetes platforms). */
export const SERVICE_PORT = 8080;
