/**
 * The services of a scenario's workload, entry first, and whom each one calls (docs/topology.md):
 * - `chain` (the default): depth 1 is the order service alone; deeper chains put a gateway in
 *   front and a fulfillment service (and more) behind it, each calling the next;
 * - `fan-out`: a gateway calls K services (`order-1` … `order-K`) in parallel for every request
 *   and answers once all have answered.
 * Each service is the same order-service program, pointed at its downstream(s).
 */
const CHAIN = ['gateway', 'order', 'fulfillment', 'inventory', 'payment'] as const;

/** Name of the entry service of a fan-out. */
export const FAN_OUT_ENTRY = 'gateway';

/** The shape of the workload (scenario `workload`): a chain of `chainDepth`, or a fan-out to `fanOut` services. */
export interface ServiceGraphSpec {
  chainDepth: number;
  /** Set (K ≥ 1) for `topology: fan-out`; absent for a chain. */
  fanOut?: number | undefined;
}

/** One service of the workload and the services it calls for every request (none for a leaf). */
export interface GraphService {
  name: string;
  downstreams: string[];
}

export function chainServiceNames(depth: number): string[] {
  if (depth <= 1) return ['order'];
  return CHAIN.slice(0, Math.min(depth, CHAIN.length));
}

/** The names of the services a fan-out entry calls. */
export function fanOutServiceNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `order-${i + 1}`);
}

/** Every service of the workload, entry first, with its downstreams. */
export function serviceGraph(spec: ServiceGraphSpec): GraphService[] {
  if (spec.fanOut !== undefined) {
    const leaves = fanOutServiceNames(spec.fanOut);
    return [{ name: FAN_OUT_ENTRY, downstreams: leaves }, ...leaves.map((name) => ({ name, downstreams: [] }))];
  }
  const names = chainServiceNames(spec.chainDepth);
  return names.map((name, i) => ({ name, downstreams: i + 1 < names.length ? [names[i + 1] as string] : [] }));
}

/** The names of every service of the workload, entry first. */
export function serviceNames(spec: ServiceGraphSpec): string[] {
  return serviceGraph(spec).map((s) => s.name);
}

/**
 * How many services answer one request (the `x-service-count` answer header): the chain's depth,
 * or the entry plus its K downstreams for a fan-out.
 */
export function servicesPerRequest(spec: ServiceGraphSpec): number {
  return serviceGraph(spec).length;
}

/** One line for plans and progress: `gateway → order → fulfillment` or `gateway → {order-1, order-2, order-3} in parallel`. */
export function describeServiceGraph(spec: ServiceGraphSpec): string {
  if (spec.fanOut !== undefined) return `${FAN_OUT_ENTRY} → {${fanOutServiceNames(spec.fanOut).join(', ')}} in parallel`;
  return chainServiceNames(spec.chainDepth).join(' → ');
}

/** Port every service listens on inside a pod (Kubernetes platforms). */
export const SERVICE_PORT = 8080;
