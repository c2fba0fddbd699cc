/**
 * Who calls whom in the order-service chain: the load agent sends every request to the entry
 * service, and each service forwards every request it receives to the next one (service-chain.ts
 * names the chain). The single source of truth for the callers the L7 policies allow
 * (src/mesh/common/l7-rules.ts) and for the identities the workload runs under
 * (kube-service-accounts.ts).
 */
import { chainServiceNames } from './service-chain.ts';

/** Workload name of the load agent: its `app.kubernetes.io/name` pod label and its ServiceAccount. */
export const LOAD_AGENT_NAME = 'load-agent';

/** One hop of the chain: `caller` sends requests to `callee`. */
export interface ChainCall {
  /** The load agent or the previous service. */
  caller: string;
  /** A service of the chain. */
  callee: string;
}

/** The hops of a chain of `depth` services, entry first: load agent → first service, then service → next service. */
export function chainCalls(depth: number): ChainCall[] {
  const services = chainServiceNames(depth);
  const callers = [LOAD_AGENT_NAME, ...services];
  return services.map((callee, i) => ({ caller: callers[i] ?? LOAD_AGENT_NAME, callee }));
}
