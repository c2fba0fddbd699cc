/**
 * The order-service's request handler: health routes, and the order routes that validate, call
 * the downstream service (when configured), apply the change to the store, wait the added delay
 * (when configured) and answer padded JSON. Kept lean: it runs for every request under load, so
 * no logging and nothing built per request that can be built once.
 *
 * The same handler serves HTTP/1.1 and HTTP/2 (node:http2's compatibility API), and hands gRPC
 * calls (content-type application/grpc) to order-grpc-handler.ts.
 */
import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import { CHAIN_DEPTH_HEADER, type Downstream, SERVICE_COUNT_HEADER } from './downstream-client.ts';
import { createOrderGrpcHandler, isGrpcRequest } from './order-grpc-handler.ts';
import { createOrderOperations, errorJson, type OrderOperation } from './order-operation.ts';
import { matchOrderRoute, type OrderRoute } from './order-route-match.ts';
import type { OrderStore } from './order-store.ts';
import { parseJsonBody, type Validation, validateNewOrder, validateStatusUpdate } from './order-validation.ts';
import { readRequestBody } from './request-body.ts';
import type { ResponsePadding } from './response-padding.ts';
import type { ServiceLifecycle } from './service-lifecycle.ts';

/** What the handler works with; built once per service instance. */
export interface OrderRoutesOptions {
  store: OrderStore;
  padding: ResponsePadding;
  /** Undefined when the service is the last of its chain (or a leaf of a fan-out). */
  downstream: Downstream | undefined;
  lifecycle: ServiceLifecycle;
  maxBodyBytes: number;
  /** 0 = answer without a timer. */
  addedDelayMs: number;
  /** Injected CPU cost per order answer, µs of busy work (cpu-burn.ts); 0 = none. */
  cpuCostUs: number;
}

const HEALTH_BODY = '{"status":"ok"}';
const NOT_READY_BODY = '{"status":"shutting down"}';
const JSON_TYPE = 'application/json';

/** HTTP/2 forbids connection-specific headers (RFC 9113 §8.2.2): `connection: close` is HTTP/1.1 only. */
function isHttp1(res: ServerResponse): boolean {
  return res.req?.httpVersionMajor !== 2;
}

/** Builds the server's request listener (see the module comment). */
export function createOrderRequestListener(options: OrderRoutesOptions): RequestListener {
  const { store, padding, downstream, lifecycle, maxBodyBytes, addedDelayMs, cpuCostUs } = options;
  const execute = createOrderOperations({ store, downstream, addedDelayMs, cpuCostUs });
  const grpc = createOrderGrpcHandler({ execute, padding, maxBodyBytes });

  /** Sends a JSON object text padded to the response size. */
  const sendJson = (res: ServerResponse, statusCode: number, json: string, extra?: OutgoingHttpHeaders): void => {
    if (res.destroyed) return;
    const padded = padding.apply(json);
    const headers: OutgoingHttpHeaders = { 'content-type': JSON_TYPE, 'content-length': padded.bytes, ...extra };
    if (lifecycle.shuttingDown && isHttp1(res)) headers['connection'] = 'close';
    res.writeHead(statusCode, headers);
    res.end(padded.body);
  };

  /** Health answers are small and unpadded: probes should not pay for the response size. */
  const sendHealth = (res: ServerResponse, statusCode: number, json: string): void => {
    const headers: OutgoingHttpHeaders = { 'content-type': JSON_TYPE, 'content-length': json.length };
    if (lifecycle.shuttingDown && isHttp1(res)) headers['connection'] = 'close';
    res.writeHead(statusCode, headers);
    res.end(json);
  };

  /** Reads and validates a body; answers 413/400 itself and returns undefined then. */
  const readValid = async <T>(
    req: IncomingMessage,
    res: ServerResponse,
    validate: (body: unknown) => Validation<T>,
  ): Promise<{ value: T; body: Buffer } | undefined> => {
    const read = await readRequestBody(req, maxBodyBytes);
    if (read.kind === 'aborted') return undefined;
    if (read.kind === 'too-large') {
      // The rest of the body stays unread, so the connection cannot carry another request.
      sendJson(res, 413, errorJson(`body: larger than ${maxBodyBytes} bytes`), isHttp1(res) ? { connection: 'close' } : undefined);
      return undefined;
    }
    const parsed = parseJsonBody(read.body);
    const valid = parsed.ok ? validate(parsed.value) : parsed;
    if (!valid.ok) {
      sendJson(res, 400, errorJson(valid.error));
      return undefined;
    }
    return { value: valid.value, body: read.body };
  };

  const operationOf = async (
    route: OrderRoute,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<OrderOperation | undefined> => {
    switch (route.kind) {
      case 'get-order':
        return { kind: 'get', id: route.id };
      case 'create-order': {
        const valid = await readValid(req, res, validateNewOrder);
        return valid && { kind: 'create', order: valid.value, body: valid.body };
      }
      case 'update-status': {
        const valid = await readValid(req, res, validateStatusUpdate);
        return valid && { kind: 'update-status', id: route.id, status: valid.value, body: valid.body };
      }
      default:
        return undefined;
    }
  };

  const serveOrder = async (route: OrderRoute, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const operation = await operationOf(route, req, res);
    if (!operation) return;
    const protocol = isHttp1(res) ? 'http1' : 'h2c';
    const answer = await execute(operation, { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, protocol });
    sendJson(res, answer.statusCode, answer.json, answer.statusCode === 502 ? undefined : { [CHAIN_DEPTH_HEADER]: answer.chainDepth, [SERVICE_COUNT_HEADER]: answer.serviceCount });
  };

  const failed = (res: ServerResponse, err: unknown): void => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, 500, errorJson(err instanceof Error ? err.message : String(err)));
  };

  return (req, res) => {
    if (isGrpcRequest(req)) {
      grpc(req, res);
      return;
    }
    const route = matchOrderRoute(req.method ?? 'GET', req.url ?? '/');
    switch (route.kind) {
      case 'healthz':
        sendHealth(res, 200, HEALTH_BODY);
        return;
      case 'readyz':
        if (lifecycle.shuttingDown) sendHealth(res, 503, NOT_READY_BODY);
        else sendHealth(res, 200, HEALTH_BODY);
        return;
      case 'not-found':
        sendJson(res, 404, errorJson(`no route ${req.method} ${req.url}`));
        return;
      case 'method-not-allowed':
        sendJson(res, 405, errorJson(`method ${req.method} not allowed (allowed: ${route.allow})`), {
          allow: route.allow,
        });
        return;
      case 'bad-id':
        sendJson(res, 400, errorJson(`id: must be an integer of at most 15 digits (got "${route.idText}")`));
        return;
      default:
        serveOrder(route, req, res).catch((err: unknown) => failed(res, err));
    }
  };
}
