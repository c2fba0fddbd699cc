/**
 * Who calls whom in the order-service workload: the load agent sends every request to the entry
 * service, and each service calls its downstream(s) for every request it receives
 * (service-chain.ts names them: a chain, or a fan-out). The single source of truth for the
 * callers the L7 policies allow (src/mesh/common/l7-rules.ts) and for the identities the workload
 * runs under (kube-service-accounts.ts).
 */
import { type ServiceGraphSpec, serviceGraph } from './service-chain.ts';

/** Workload name of the load agent: its `app.kubernetes.io/name` pod label and its ServiceAccount. */
export const LOAD_AGENT_NAME = 'load-agent';

/** One hop of the workload: `caller` sends requests to `callee`. */
export interface ChainCall {
  /** The load agent or a service that calls downstream. */
  caller: string;
  /** A service of the workload. */
  callee: string;
}

/**
 * The hops of the workload, entry first: load agent → entry service, then every service → each
 * of its downstreams. A number is a chain of that depth.
 */
export function chainCalls(shape: number | ServiceGraphSpec): ChainCall[] {
  const graph = serviceGraph(typeof shape === 'number' ? { chainDepth: shape } : shape);
  const entry = graph[0]?.name ?? 'order';
  return [{ caller: LOAD_AGENT_NAME, callee: entry }, ...graph.flatMap((s) => s.downstreams.map((callee) => ({ caller: s.name, callee })))];
}
