/**
 * What every mesh's feature resources share (docs/capability-matrix.md): which services of the
 * chain get a route (each service's callers send through a client-side proxy, so a route per
 * service covers every hop), the stable/canary pair of `trafficSplit` (the `order` service and
 * its `order-canary` copy, which every chain has), and the duration spellings the upstream
 * schemas accept. Mesh-neutral data; istio/linkerd feature-objects.ts translate it.
 */
import { chainServiceNames } from '../../workload/service-chain.ts';
import { CANARY_OF, canaryName } from '../../workload/kube-canary.ts';
import { ORDER_WORKLOAD } from './order-workload.ts';

/** The services of the chain that get a route, entry first. */
export function routedServices(chainDepth: number): string[] {
  return chainServiceNames(chainDepth);
}

/** One weighted backend of a split route. */
export interface WeightedBackend {
  service: string;
  port: number;
  weight: number;
}

/**
 * The backends of a service's route: the service alone, or for the split service (`order`) the
 * stable service at `100 − canaryWeightPct` and `order-canary` at `canaryWeightPct`.
 */
export function routeBackends(service: string, canaryWeightPct: number | null): WeightedBackend[] {
  const port = ORDER_WORKLOAD.portNumber;
  if (canaryWeightPct === null || service !== CANARY_OF) return [{ service, port, weight: 100 }];
  return [
    { service, port, weight: 100 - canaryWeightPct },
    { service: canaryName(service), port, weight: canaryWeightPct },
  ];
}

/** A Go duration (`time.ParseDuration`, CEL `duration()`): Istio and Linkerd fields, e.g. `300ms`. */
export function goDuration(ms: number): string {
  return `${Math.round(ms)}ms`;
}

/**
 * A Gateway API Duration (GEP-2257: `^([0-9]{1,5}(h|m|s|ms)){1,4}$`): milliseconds while they fit
 * in five digits, else whole seconds (rounded up, so a deadline never shrinks).
 */
export function gatewayDuration(ms: number): string {
  const rounded = Math.round(ms);
  return rounded <= 99_999 ? `${rounded}ms` : `${Math.ceil(rounded / 1000)}s`;
}
