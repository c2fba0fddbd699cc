/**
 * The order routes as unary gRPC methods (src/workload/orders.proto), on the same port and the
 * same HTTP/2 server as the HTTP routes: a call is decoded into the HTTP route it stands for,
 * validated the same way, carried out by the same code (order-operation.ts, which calls the
 * downstream service with gRPC too) and answered with the reply message and a `grpc-status`
 * trailer. Failures map to gRPC codes (INVALID_ARGUMENT, NOT_FOUND, UNAVAILABLE, …).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type OrderRpc, orderRpcOfPath } from '../config/order-grpc-routes.ts';
import {
  decodeOrderRequest,
  encodeOrderReply,
  frameGrpcMessage,
  GRPC_CONTENT_TYPE,
  GRPC_STATUS,
  grpcStatusOfOrderAnswer,
  unframeGrpcMessage,
} from '../workload/order-grpc.ts';
import { CHAIN_DEPTH_HEADER, SERVICE_COUNT_HEADER } from './downstream-client.ts';
import { errorJson, type IncomingOrderRequest, type OrderAnswer, type OrderOperation } from './order-operation.ts';
import { parseJsonBody, type Validation, validateNewOrder, validateStatusUpdate } from './order-validation.ts';
import { readRequestBody } from './request-body.ts';
import type { ResponsePadding } from './response-padding.ts';

/** A gRPC call: HTTP/2 with a gRPC content type (application/grpc, application/grpc+proto, …). */
export function isGrpcRequest(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return req.httpVersionMajor === 2 && typeof type === 'string' && type.startsWith(GRPC_CONTENT_TYPE);
}

export interface OrderGrpcHandlerOptions {
  execute: (operation: OrderOperation, incoming: IncomingOrderRequest) => Promise<OrderAnswer>;
  padding: ResponsePadding;
  maxBodyBytes: number;
}

/** A call decoded into its order operation and the HTTP route it stands for, or a gRPC failure. */
type Decoded = { ok: true; operation: OrderOperation; method: string; path: string } | { ok: false; code: number; message: string };

function withBody<T>(json: string, validate: (body: unknown) => Validation<T>): Validation<{ value: T; body: Buffer }> {
  const body = Buffer.from(json, 'utf8');
  const parsed = parseJsonBody(body);
  const valid = parsed.ok ? validate(parsed.value) : parsed;
  return valid.ok ? { ok: true, value: { value: valid.value, body } } : valid;
}

function decodeCall(rpc: OrderRpc, message: Buffer): Decoded {
  const request = decodeOrderRequest(message);
  if (!request) return { ok: false, code: GRPC_STATUS.INTERNAL, message: 'the message is not a meshbench.v1.OrderRequest' };
  if (rpc === 'GetOrder') return { ok: true, operation: { kind: 'get', id: request.id }, method: 'GET', path: `/orders/${request.id}` };
  if (rpc === 'CreateOrder') {
    const valid = withBody(request.json, validateNewOrder);
    if (!valid.ok) return { ok: false, code: GRPC_STATUS.INVALID_ARGUMENT, message: valid.error };
    return { ok: true, operation: { kind: 'create', order: valid.value.value, body: valid.value.body }, method: 'POST', path: '/orders' };
  }
  const valid = withBody(request.json, validateStatusUpdate);
  if (!valid.ok) return { ok: false, code: GRPC_STATUS.INVALID_ARGUMENT, message: valid.error };
  return {
    ok: true,
    operation: { kind: 'update-status', id: request.id, status: valid.value.value, body: valid.value.body },
    method: 'PATCH',
    path: `/orders/${request.id}/status`,
  };
}

/** `grpc-message` is percent-encoded (gRPC over HTTP/2, "Responses"). */
function grpcMessage(text: string): string {
  return encodeURIComponent(text);
}

export function createOrderGrpcHandler(options: OrderGrpcHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { execute, padding, maxBodyBytes } = options;

  /** Trailers-Only: the status and message in the one header block, no reply message. */
  const fail = (res: ServerResponse, code: number, message: string): void => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': GRPC_CONTENT_TYPE, 'grpc-status': String(code), 'grpc-message': grpcMessage(message) });
    res.end();
  };

  const reply = (res: ServerResponse, answer: OrderAnswer): void => {
    const code = grpcStatusOfOrderAnswer(answer.statusCode);
    if (code !== GRPC_STATUS.OK) {
      fail(res, code, answer.json);
      return;
    }
    const body = frameGrpcMessage(encodeOrderReply(padding.apply(answer.json).body));
    res.writeHead(200, { 'content-type': GRPC_CONTENT_TYPE, [CHAIN_DEPTH_HEADER]: String(answer.chainDepth), [SERVICE_COUNT_HEADER]: String(answer.serviceCount) });
    res.addTrailers({ 'grpc-status': '0' });
    res.end(body);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rpc = orderRpcOfPath(req.url ?? '/');
    if (req.method !== 'POST' || rpc === null) {
      fail(res, GRPC_STATUS.UNIMPLEMENTED, `no method ${req.method} ${req.url}`);
      return;
    }
    // The 5-byte gRPC prefix comes on top of the message.
    const read = await readRequestBody(req, maxBodyBytes + 5);
    if (read.kind === 'aborted') return;
    if (read.kind === 'too-large') {
      fail(res, GRPC_STATUS.RESOURCE_EXHAUSTED, `message larger than ${maxBodyBytes} bytes`);
      return;
    }
    const framed = unframeGrpcMessage(read.body);
    if (!framed.ok) {
      fail(res, GRPC_STATUS.INTERNAL, framed.error);
      return;
    }
    const call = decodeCall(rpc, framed.message);
    if (!call.ok) {
      fail(res, call.code, errorJson(call.message));
      return;
    }
    reply(res, await execute(call.operation, { method: call.method, path: call.path, headers: req.headers, protocol: 'grpc' }));
  };

  return (req, res) => {
    serve(req, res).catch((err: unknown) => fail(res, GRPC_STATUS.INTERNAL, err instanceof Error ? err.message : String(err)));
  };
}
