/**
 * The L7 authorization policy every mesh expresses in its own resources when a scenario sets
 * `features.authz: l7`: every request enters at the first service of the chain and each service forwards
 * it to the next, so each service allows the three order-service operations (`POST /orders`,
 * `GET /orders/{id}`, `PATCH /orders/{id}/status`) from exactly one caller: the load agent for the
 * first service, the previous service for every other one (workload/chain-calls.ts). Anything
 * else is denied, kubelet probes excepted. Mesh-neutral data; istio/linkerd/cilium policies.ts
 * translate it.
 */
import { chainCalls } from '../../workload/chain-calls.ts';
import type { ServiceGraphSpec } from '../../workload/service-chain.ts';
import { type WorkloadRole, workloadRole } from './order-workload.ts';

/** One path of a rule, in the three syntaxes the meshes accept. */
export interface L7Path {
  /** As written in docs and evidence, e.g. `/orders/{id}`. */
  display: string;
  /** Istio AuthorizationPolicy path (exact or `{*}` template). */
  istio: string;
  /** Anchored regular expression (Linkerd RegularExpression, Cilium HTTP rule path). */
  regex: string;
}

/** One allowed method on one path. */
export interface L7Operation {
  method: 'GET' | 'POST' | 'PATCH';
  path: L7Path;
}

/** The allow rule of one service of the chain: these callers may perform these operations on it. */
export interface L7Rule {
  /** The protected service: its pod label value and Service name. */
  service: WorkloadRole;
  /** Its callers: the load agent (first service) or the previous service. */
  from: WorkloadRole[];
  operations: readonly L7Operation[];
}

const ORDERS: L7Path = { display: '/orders', istio: '/orders', regex: '/orders' };
const ORDER_BY_ID: L7Path = { display: '/orders/{id}', istio: '/orders/{*}', regex: '/orders/[^/]+' };
const ORDER_STATUS: L7Path = { display: '/orders/{id}/status', istio: '/orders/{*}/status', regex: '/orders/[^/]+/status' };

/** The operations of the order-service API; every service of the chain serves (and forwards) all of them. */
export const ORDER_OPERATIONS: readonly L7Operation[] = [
  { method: 'POST', path: ORDERS },
  { method: 'GET', path: ORDER_BY_ID },
  { method: 'PATCH', path: ORDER_STATUS },
];

/**
 * One allow rule per service of the workload, entry first: a chain of that depth (a number), or
 * the workload's shape (a fan-out's services each allow the gateway).
 */
export function chainL7Rules(shape: number | ServiceGraphSpec): L7Rule[] {
  return chainCalls(shape).map((call) => ({
    service: workloadRole(call.callee),
    from: [workloadRole(call.caller)],
    operations: ORDER_OPERATIONS,
  }));
}

/** One line per rule, for plan descriptions and evidence. */
export function describeL7Rules(rules: readonly L7Rule[]): string[] {
  return rules.map(
    (r) => `${r.service.name}: ${r.operations.map((o) => `${o.method} ${o.path.display}`).join(', ')} from ${r.from.map((f) => f.name).join(', ')}`,
  );
}
