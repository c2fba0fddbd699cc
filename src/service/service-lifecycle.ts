/**
 * The state an order-service instance shares between its server and its handlers: whether it is
 * shutting down (then /readyz answers 503 and every answer closes its connection).
 */

/** Mutable lifecycle flags of one service instance. */
export interface ServiceLifecycle {
  shuttingDown: boolean;
}
