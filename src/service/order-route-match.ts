/**
 * Maps a method and URL to an order-service route, without allocating for the common cases.
 * Pure: the handlers (order-routes.ts) decide what each route does.
 */
import { parseOrderId } from './order-validation.ts';

/** The route a request is for, or why it matches none. */
export type OrderRoute =
  | { kind: 'healthz' }
  | { kind: 'readyz' }
  | { kind: 'create-order' }
  | { kind: 'get-order'; id: number }
  | { kind: 'update-status'; id: number }
  /** The path has an `:id` that is not an integer (400). */
  | { kind: 'bad-id'; idText: string }
  | { kind: 'not-found' }
  /** The path exists but not for this method (405); `allow` is the Allow header. */
  | { kind: 'method-not-allowed'; allow: string };

const HEALTHZ: OrderRoute = { kind: 'healthz' };
const READYZ: OrderRoute = { kind: 'readyz' };
const CREATE_ORDER: OrderRoute = { kind: 'create-order' };
const NOT_FOUND: OrderRoute = { kind: 'not-found' };
const ALLOW_GET_HEAD: OrderRoute = { kind: 'method-not-allowed', allow: 'GET, HEAD' };
const ALLOW_GET: OrderRoute = { kind: 'method-not-allowed', allow: 'GET' };
const ALLOW_POST: OrderRoute = { kind: 'method-not-allowed', allow: 'POST' };
const ALLOW_PATCH: OrderRoute = { kind: 'method-not-allowed', allow: 'PATCH' };

const ORDERS_PREFIX = '/orders/';
const STATUS_SUFFIX = '/status';

function orderRoute(idText: string, make: (id: number) => OrderRoute): OrderRoute {
  const id = parseOrderId(idText);
  return id === undefined ? { kind: 'bad-id', idText } : make(id);
}

/**
 * Routes: `GET|HEAD /healthz`, `GET|HEAD /readyz`, `POST /orders`, `GET /orders/:id`,
 * `PATCH /orders/:id/status`. The query string is ignored.
 */
export function matchOrderRoute(method: string, url: string): OrderRoute {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const isGet = method === 'GET' || method === 'HEAD';
  if (path === '/orders') return method === 'POST' ? CREATE_ORDER : ALLOW_POST;
  if (path.startsWith(ORDERS_PREFIX)) {
    const rest = path.slice(ORDERS_PREFIX.length);
    const slashAt = rest.indexOf('/');
    if (slashAt === -1) {
      return method === 'GET' ? orderRoute(rest, (id) => ({ kind: 'get-order', id })) : ALLOW_GET;
    }
    if (rest.slice(slashAt) !== STATUS_SUFFIX) return NOT_FOUND;
    return method === 'PATCH' ? orderRoute(rest.slice(0, slashAt), (id) => ({ kind: 'update-status', id })) : ALLOW_PATCH;
  }
  if (path === '/healthz') return isGet ? HEALTHZ : ALLOW_GET_HEAD;
  if (path === '/readyz') return isGet ? READYZ : ALLOW_GET_HEAD;
  return NOT_FOUND;
}
