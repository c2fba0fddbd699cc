/**
 * Validation of what clients send: order bodies, status updates and ids in paths. Errors name the
 * offending field (`items[2].quantity: must be ...`) so a 400 says what to fix. Unknown fields are
 * ignored, not stored.
 */
import { ORDER_STATUSES, type NewOrder, type OrderItem, type OrderStatus } from './order.ts';

/** Outcome of a validation: the clean value, or a reason naming the bad field. */
export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

/** Size limits of an order, so a stored order stays small whatever a client sends. */
export const ORDER_LIMITS = {
  maxCustomerIdLength: 64,
  maxItems: 100,
  maxSkuLength: 64,
  maxQuantity: 1_000_000,
  maxNoteLength: 1_024,
} as const;

const STATUS_LIST = ORDER_STATUSES.join(', ');
const STATUS_SET: ReadonlySet<string> = new Set(ORDER_STATUSES);
const ID_PATTERN = /^\d{1,15}$/;

function invalid(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBoundedString(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength;
}

/** Parses a request body as JSON; an empty or malformed body is an error naming `body`. */
export function parseJsonBody(body: Buffer): Validation<unknown> {
  if (body.length === 0) return invalid('body: must be a JSON object (the body is empty)');
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return invalid('body: is not valid JSON');
  }
}

function validateItem(value: unknown, index: number): Validation<OrderItem> {
  const where = `items[${index}]`;
  if (!isPlainObject(value)) return invalid(`${where}: must be an object with sku and quantity`);
  const { sku, quantity } = value;
  if (!isBoundedString(sku, ORDER_LIMITS.maxSkuLength)) {
    return invalid(`${where}.sku: must be a non-empty string of at most ${ORDER_LIMITS.maxSkuLength} characters`);
  }
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > ORDER_LIMITS.maxQuantity) {
    return invalid(`${where}.quantity: must be a positive integer of at most ${ORDER_LIMITS.maxQuantity}`);
  }
  return { ok: true, value: { sku, quantity } };
}

/** Validates the body of `POST /orders` (already parsed JSON) and copies the known fields. */
export function validateNewOrder(body: unknown): Validation<NewOrder> {
  if (!isPlainObject(body)) return invalid('body: must be a JSON object');
  const { customerId, items, note } = body;
  if (!isBoundedString(customerId, ORDER_LIMITS.maxCustomerIdLength)) {
    return invalid(`customerId: must be a non-empty string of at most ${ORDER_LIMITS.maxCustomerIdLength} characters`);
  }
  if (!Array.isArray(items) || items.length === 0 || items.length > ORDER_LIMITS.maxItems) {
    return invalid(`items: must be an array of 1 to ${ORDER_LIMITS.maxItems} items`);
  }
  const cleanItems: OrderItem[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = validateItem(items[i], i);
    if (!item.ok) return item;
    cleanItems.push(item.value);
  }
  if (note !== undefined && (typeof note !== 'string' || note.length > ORDER_LIMITS.maxNoteLength)) {
    return invalid(`note: must be a string of at most ${ORDER_LIMITS.maxNoteLength} characters`);
  }
  return { ok: true, value: { customerId, items: cleanItems, note } };
}

/** Validates the body of `PATCH /orders/:id/status`: `{ "status": <one of ORDER_STATUSES> }`. */
export function validateStatusUpdate(body: unknown): Validation<OrderStatus> {
  if (!isPlainObject(body)) return invalid('body: must be a JSON object');
  const { status } = body;
  if (typeof status !== 'string' || !STATUS_SET.has(status)) {
    return invalid(`status: must be one of ${STATUS_LIST}`);
  }
  return { ok: true, value: status as OrderStatus };
}

/**
 * Parses the `:id` of a path: decimal digits only (no sign, no exponent), at most 15 of them so
 * the number is exact. Returns undefined when it is not such an integer (the route answers 400);
 * an integer that names no order (0 included) is the store's business (404).
 */
export function parseOrderId(text: string): number | undefined {
  return ID_PATTERN.test(text) ? Number(text) : undefined;
}
