import { describe, expect, it } from 'vitest';
import {
  ORDER_LIMITS,
  parseJsonBody,
  parseOrderId,
  validateNewOrder,
  validateStatusUpdate,
} from '../../src/service/order-validation.ts';

const validOrder = { customerId: 'c-1', items: [{ sku: 'sku-1', quantity: 2 }], note: 'leave at the door' };

function errorOf(result: { ok: true } | { ok: false; error: string }): string {
  return result.ok ? '(valid)' : result.error;
}

describe('validateNewOrder', () => {
  it('accepts a valid order and copies only known fields', () => {
    const result = validateNewOrder({ ...validOrder, extra: 1, items: [{ sku: 'a', quantity: 1, colour: 'red' }] });
    expect(result).toEqual({ ok: true, value: { customerId: 'c-1', items: [{ sku: 'a', quantity: 1 }], note: 'leave at the door' } });
  });

  it('accepts an order without a note', () => {
    const result = validateNewOrder({ customerId: 'c', items: [{ sku: 's', quantity: 1 }] });
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.note).toBeUndefined();
  });

  it.each([
    ['a non-object body', [], /^body: /],
    ['null', null, /^body: /],
    ['a missing customerId', { items: validOrder.items }, /^customerId: /],
    ['an empty customerId', { ...validOrder, customerId: '' }, /^customerId: /],
    ['a numeric customerId', { ...validOrder, customerId: 7 }, /^customerId: /],
    ['a too long customerId', { ...validOrder, customerId: 'c'.repeat(ORDER_LIMITS.maxCustomerIdLength + 1) }, /^customerId: /],
    ['missing items', { customerId: 'c' }, /^items: /],
    ['empty items', { ...validOrder, items: [] }, /^items: /],
    ['too many items', { ...validOrder, items: Array.from({ length: ORDER_LIMITS.maxItems + 1 }, () => ({ sku: 's', quantity: 1 })) }, /^items: /],
    ['an item that is not an object', { ...validOrder, items: ['sku'] }, /^items\[0\]: /],
    ['an item without sku', { ...validOrder, items: [{ sku: 'a', quantity: 1 }, { quantity: 1 }] }, /^items\[1\]\.sku: /],
    ['a zero quantity', { ...validOrder, items: [{ sku: 'a', quantity: 0 }] }, /^items\[0\]\.quantity: /],
    ['a negative quantity', { ...validOrder, items: [{ sku: 'a', quantity: -3 }] }, /^items\[0\]\.quantity: /],
    ['a fractional quantity', { ...validOrder, items: [{ sku: 'a', quantity: 1.5 }] }, /^items\[0\]\.quantity: /],
    ['a string quantity', { ...validOrder, items: [{ sku: 'a', quantity: '2' }] }, /^items\[0\]\.quantity: /],
    ['a numeric note', { ...validOrder, note: 5 }, /^note: /],
    ['a too long note', { ...validOrder, note: 'n'.repeat(ORDER_LIMITS.maxNoteLength + 1) }, /^note: /],
  ])('refuses %s, naming the field', (_label, body, field) => {
    expect(errorOf(validateNewOrder(body))).toMatch(field);
  });
});

describe('validateStatusUpdate', () => {
  it.each(['created', 'paid', 'shipped', 'delivered', 'cancelled'])('accepts %s', (status) => {
    expect(validateStatusUpdate({ status })).toEqual({ ok: true, value: status });
  });

  it.each([[{ status: 'lost' }], [{ status: 1 }], [{}], ['paid'], [null]])('refuses %j', (body) => {
    expect(errorOf(validateStatusUpdate(body))).toMatch(/^(status|body): /);
  });

  it('lists the allowed statuses', () => {
    expect(errorOf(validateStatusUpdate({ status: 'lost' }))).toContain('created, paid, shipped, delivered, cancelled');
  });
});

describe('parseJsonBody', () => {
  it('parses JSON', () => {
    expect(parseJsonBody(Buffer.from('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
  });

  it('refuses an empty body and malformed JSON, naming the body', () => {
    expect(errorOf(parseJsonBody(Buffer.alloc(0)))).toMatch(/^body: /);
    expect(errorOf(parseJsonBody(Buffer.from('{"a":')))).toMatch(/^body: /);
  });
});

describe('parseOrderId', () => {
  it.each([
    ['1', 1],
    ['0', 0],
    ['007', 7],
    ['123456789012345', 123456789012345],
  ])('parses %s', (text, id) => {
    expect(parseOrderId(text)).toBe(id);
  });

  it.each(['', 'abc', '-1', '1.5', '1e3', ' 1', '0x10', '1234567890123456'])('refuses %j', (text) => {
    expect(parseOrderId(text)).toBeUndefined();
  });
});
