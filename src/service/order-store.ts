/**
 * The order-service's in-memory store, bounded so hours of load do not grow memory without limit.
 * Orders 1..seedOrders are created at start and never evicted (the load agent reads and updates
 * them); created orders get the following ids, and once more than `maxCreatedOrders` of them are
 * held the oldest created ones are evicted.
 */
import type { NewOrder, Order, OrderStatus } from './order.ts';

/** Sizes of an {@link OrderStore}. */
export interface OrderStoreOptions {
  /** Orders 1..seedOrders exist from the start and are never evicted. */
  seedOrders: number;
  /** Most created (non-seeded) orders held; the oldest are evicted past it. At least 1. */
  maxCreatedOrders: number;
  /** Clock for createdAtMs/updatedAtMs; Date.now by default. */
  nowMs?: (() => number) | undefined;
}

/** Deterministic content of seeded order `id`, varied a little so responses are not all identical. */
function seededOrder(id: number, nowMs: number): Order {
  return {
    id,
    status: 'created',
    customerId: `customer-${(id % 1_000) + 1}`,
    items: [{ sku: `sku-${(id % 100) + 1}`, quantity: (id % 5) + 1 }],
    note: undefined,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
}

/** Bounded in-memory order store (see the module comment). Not shared between processes. */
export class OrderStore {
  readonly #seeded: Order[] = [];
  /** Created orders in creation order (Map iteration order), so the first key is the oldest. */
  readonly #created = new Map<number, Order>();
  readonly #maxCreated: number;
  readonly #nowMs: () => number;
  #nextId: number;

  constructor(options: OrderStoreOptions) {
    if (!Number.isSafeInteger(options.seedOrders) || options.seedOrders < 0) {
      throw new RangeError(`seedOrders must be a non-negative integer (got ${options.seedOrders})`);
    }
    if (!Number.isSafeInteger(options.maxCreatedOrders) || options.maxCreatedOrders < 1) {
      throw new RangeError(`maxCreatedOrders must be a positive integer (got ${options.maxCreatedOrders})`);
    }
    this.#maxCreated = options.maxCreatedOrders;
    this.#nowMs = options.nowMs ?? Date.now;
    const now = this.#nowMs();
    for (let id = 1; id <= options.seedOrders; id++) this.#seeded.push(seededOrder(id, now));
    this.#nextId = options.seedOrders + 1;
  }

  /** Orders held now (seeded + created). */
  get size(): number {
    return this.#seeded.length + this.#created.size;
  }

  /** The order with this id, or undefined if it never existed or was evicted. */
  get(id: number): Order | undefined {
    return id >= 1 && id <= this.#seeded.length ? this.#seeded[id - 1] : this.#created.get(id);
  }

  /** Stores a new order with the next id and status `created`, evicting the oldest created one past the bound. */
  create(input: NewOrder): Order {
    const now = this.#nowMs();
    const order: Order = {
      id: this.#nextId++,
      status: 'created',
      customerId: input.customerId,
      items: input.items,
      note: input.note,
      createdAtMs: now,
      updatedAtMs: now,
    };
    this.#created.set(order.id, order);
    if (this.#created.size > this.#maxCreated) {
      const oldest = this.#created.keys().next();
      if (!oldest.done) this.#created.delete(oldest.value);
    }
    return order;
  }

  /** Sets the status of an order (any transition is allowed); undefined if there is no such order. */
  updateStatus(id: number, status: OrderStatus): Order | undefined {
    const order = this.get(id);
    if (order) {
      order.status = status;
      order.updatedAtMs = this.#nowMs();
    }
    return order;
  }
}
