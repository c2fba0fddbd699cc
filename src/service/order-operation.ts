/**
 * What an order request does once it is validated, whatever protocol it came in on (HTTP/1.1,
 * HTTP/2, gRPC): call the downstream service of the chain with the same protocol (when
 * configured), apply the change to the store, burn the injected CPU cost, wait the added delay.
 * The caller turns the answer into an HTTP response or a gRPC reply.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { burnCpuUs } from './cpu-burn.ts';
import type { Downstream, DownstreamProtocol } from './downstream-client.ts';
import type { NewOrder, OrderStatus } from './order.ts';
import type { OrderStore } from './order-store.ts';

/** A validated order operation, ready to forward and apply. */
export type OrderOperation =
  | { kind: 'create'; order: NewOrder; body: Buffer }
  | { kind: 'get'; id: number }
  | { kind: 'update-status'; id: number; status: OrderStatus; body: Buffer };

/** The request as it arrived, for the downstream call. */
export interface IncomingOrderRequest {
  /** HTTP method and path of the order route (a gRPC call is given its route's). */
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  protocol: DownstreamProtocol;
}

/**
 * The answer: an HTTP status (a gRPC reply maps it) and the JSON text; chainDepth (the longest
 * path) and serviceCount (every service that answered) count this service.
 */
export interface OrderAnswer {
  statusCode: number;
  json: string;
  chainDepth: number;
  serviceCount: number;
}

export interface OrderOperationOptions {
  store: OrderStore;
  /** The next service of a chain, or the services of a fan-out (called in parallel); none for a leaf. */
  downstream: Downstream | undefined;
  addedDelayMs: number;
  cpuCostUs: number;
}

export function errorJson(message: string): string {
  return JSON.stringify({ error: message });
}

/** Builds the function that carries out an order operation (see the module comment). */
export function createOrderOperations(options: OrderOperationOptions): (operation: OrderOperation, incoming: IncomingOrderRequest) => Promise<OrderAnswer> {
  const { store, downstream, addedDelayMs, cpuCostUs } = options;
  return async (operation, incoming) => {
    let chainDepth = 1;
    let serviceCount = 1;
    if (downstream) {
      const answer = await downstream.forward({
        method: incoming.method,
        path: incoming.path,
        body: operation.kind === 'get' ? undefined : operation.body,
        headers: incoming.headers,
        protocol: incoming.protocol,
      });
      if (!answer.ok) return { statusCode: 502, json: errorJson(`downstream: ${answer.reason}`), chainDepth: 1, serviceCount: 1 };
      chainDepth = answer.chainDepth + 1;
      serviceCount = answer.serviceCount + 1;
    }
    let statusCode: number;
    let json: string;
    if (operation.kind === 'create') {
      statusCode = 201;
      json = JSON.stringify(store.create(operation.order));
    } else {
      const order = operation.kind === 'get' ? store.get(operation.id) : store.updateStatus(operation.id, operation.status);
      statusCode = order ? 200 : 404;
      json = order ? JSON.stringify(order) : errorJson(`order ${operation.id} not found`);
    }
    if (cpuCostUs > 0) burnCpuUs(cpuCostUs);
    if (addedDelayMs > 0) await sleep(addedDelayMs);
    return { statusCode, json, chainDepth, serviceCount };
  };
}
