/**
 * The order-service's HTTP routes as unary gRPC methods (src/workload/orders.proto): which method
 * a scenario request becomes when `load.protocol` is `grpc`. Pure: the scenario schema validates
 * with it, the load agent and the order-service translate with it.
 */

/** Full gRPC service name (package + service) of the order-service. */
export const ORDER_GRPC_SERVICE = 'meshbench.v1.Orders';

export type OrderRpc = 'CreateOrder' | 'GetOrder' | 'UpdateStatus';

/** One route as a gRPC call: the method, and the order id of the path (null in a `{id}` template). */
export interface OrderGrpcCall {
  rpc: OrderRpc;
  id: number | null;
}

const ORDER_ID = /^\/orders\/(\{id\}|\d{1,15})(\/status)?$/;

/** The gRPC call of an HTTP order route (path with `{id}` or a number), or null when it has none. */
export function grpcCallOfRoute(method: string, path: string): OrderGrpcCall | null {
  if (method === 'POST' && path === '/orders') return { rpc: 'CreateOrder', id: null };
  const m = ORDER_ID.exec(path);
  if (!m) return null;
  const id = m[1] === '{id}' ? null : Number(m[1]);
  if (method === 'GET' && m[2] === undefined) return { rpc: 'GetOrder', id };
  if (method === 'PATCH' && m[2] !== undefined) return { rpc: 'UpdateStatus', id };
  return null;
}

/** The gRPC method name of a route, or null (for validation). */
export function grpcMethodOfRoute(method: string, path: string): OrderRpc | null {
  return grpcCallOfRoute(method, path)?.rpc ?? null;
}

/** The `:path` of a method: `/meshbench.v1.Orders/GetOrder`. */
export function grpcPathOf(rpc: OrderRpc): string {
  return `/${ORDER_GRPC_SERVICE}/${rpc}`;
}

/** The method of a gRPC `:path` of the order service, or null. */
export function orderRpcOfPath(path: string): OrderRpc | null {
  const prefix = `/${ORDER_GRPC_SERVICE}/`;
  if (!path.startsWith(prefix)) return null;
  const rpc = path.slice(prefix.length);
  return rpc === 'CreateOrder' || rpc === 'GetOrder' || rpc === 'UpdateStatus' ? rpc : null;
}
