/**
 * The request mix of a scenario, turned into ready-to-send requests: method, path, headers and a
 * pre-encoded body, chosen by weight with a seeded generator so runs are reproducible. Built once
 * per agent; picking a request on the hot path is a few arithmetic operations.
 */
import type { RequestSpec } from '../config/scenario-schema.ts';
import { seededRandom } from './seeded-random.ts';

export interface PreparedRequest {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Path with `{id}` already replaced. */
  path: string;
  body: Buffer | null;
  headers: Record<string, string>;
}

const ORDER_BODY = Buffer.from(
  JSON.stringify({ customerId: 'customer-42', items: [{ sku: 'sku-1001', quantity: 2 }, { sku: 'sku-2002', quantity: 1 }] }),
);
const STATUS_BODIES = ['paid', 'shipped', 'delivered'].map((s) => Buffer.from(JSON.stringify({ status: s })));
const JSON_HEADERS = { 'content-type': 'application/json' };
const NO_HEADERS: Record<string, string> = {};

export interface RequestPicker {
  /** Returns the next request of the mix. */
  next(): PreparedRequest;
}

/** Builds a weighted, seeded picker over the scenario's requests. */
export function createRequestPicker(options: { requests: readonly RequestSpec[]; seedOrders: number; seed: number }): RequestPicker {
  const { requests, seed } = options;
  const maxId = Math.max(1, options.seedOrders);
  const random = seededRandom(seed);
  const total = requests.reduce((s, r) => s + r.weight, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const r of requests) {
    acc += r.weight / total;
    cumulative.push(acc);
  }
  const hasId = requests.map((r) => r.path.includes('{id}'));
  return {
    next(): PreparedRequest {
      const u = random();
      let i = 0;
      while (i < cumulative.length - 1 && u >= (cumulative[i] as number)) i++;
      const spec = requests[i] as RequestSpec;
      const path = hasId[i] ? spec.path.replace('{id}', String(1 + Math.floor(random() * maxId))) : spec.path;
      const body =
        spec.body === 'order' ? ORDER_BODY : spec.body === 'status' ? (STATUS_BODIES[Math.floor(random() * 3)] as Buffer) : null;
      return { name: spec.name, method: spec.method, path, body, headers: body ? JSON_HEADERS : NO_HEADERS };
    },
  };
}
