/**
 * The L7 authorization policy every mesh expresses in its own resources when a scenario sets
 * `features.l7`: on the `order` service, `POST /orders` and `GET /orders/{id}` are allowed from
 * the load agent and the gateway, `PATCH /orders/{id}/status` from fulfillment; anything else
 * is denied. Mesh-neutral data; istio/linkerd/cilium policies.ts translate it.
 */
import { ORDER_WORKLOAD, type WorkloadRole } from './order-workload.ts';

/** One path of a rule, in the three syntaxes the meshes accept. */
export interface L7Path {
  /** As written in docs and evidence, e.g. `/orders/{id}`. */
  display: string;
  /** Istio AuthorizationPolicy path (exact or `{*}` template). */
  istio: string;
  /** Anchored regular expression (Linkerd RegularExpression, Cilium HTTP rule path). */
  regex: string;
}

export interface L7Operation {
  method: 'GET' | 'POST' | 'PATCH';
  path: L7Path;
}

/** One allow rule: these callers may perform these operations. */
export interface L7Rule {
  /** DNS-label name used for the per-rule resources (Linkerd HTTPRoute, AuthorizationPolicy). */
  name: string;
  from: WorkloadRole[];
  operations: L7Operation[];
}

const ORDERS: L7Path = { display: '/orders', istio: '/orders', regex: '/orders' };
const ORDER_BY_ID: L7Path = { display: '/orders/{id}', istio: '/orders/{*}', regex: '/orders/[^/]+' };
const ORDER_STATUS: L7Path = { display: '/orders/{id}/status', istio: '/orders/{*}/status', regex: '/orders/[^/]+/status' };

/** The allow rules on the `order` service. */
export const ORDER_L7_RULES: readonly L7Rule[] = [
  {
    name: 'orders-create-read',
    from: [ORDER_WORKLOAD.loadAgent, ORDER_WORKLOAD.gateway],
    operations: [
      { method: 'POST', path: ORDERS },
      { method: 'GET', path: ORDER_BY_ID },
    ],
  },
  {
    name: 'orders-status',
    from: [ORDER_WORKLOAD.fulfillment],
    operations: [{ method: 'PATCH', path: ORDER_STATUS }],
  },
];

/** One line per rule, for plan descriptions and evidence. */
export function describeL7Rules(rules: readonly L7Rule[] = ORDER_L7_RULES): string[] {
  return rules.map(
    (r) => `${r.operations.map((o) => `${o.method} ${o.path.display}`).join(', ')} from ${r.from.map((f) => f.name).join(', ')}`,
  );
}
