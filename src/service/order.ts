/**
 * The order: the one resource the order-service serves. Plain data, shared by the service, its
 * validation and whoever generates requests for it (the load agent).
 */

/** Every status an order can have; any status may follow any other (the service is a workload, not a shop). */
export const ORDER_STATUSES = ['created', 'paid', 'shipped', 'delivered', 'cancelled'] as const;

/** One of {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** One line of an order. */
export interface OrderItem {
  sku: string;
  /** Positive integer. */
  quantity: number;
}

/** The body of `POST /orders` once validated. */
export interface NewOrder {
  customerId: string;
  items: OrderItem[];
  note?: string | undefined;
}

/** A stored order, as returned by the service (plus the response's `pad` field). */
export interface Order extends NewOrder {
  /** Positive integer; seeded orders are 1..seedOrders, created ones count up from there. */
  id: number;
  status: OrderStatus;
  createdAtMs: number;
  updatedAtMs: number;
}
