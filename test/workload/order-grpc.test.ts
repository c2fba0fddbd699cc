import { describe, expect, it } from 'vitest';
import {
  decodeOrderReply,
  decodeOrderRequest,
  encodeOrderReply,
  encodeOrderRequest,
  frameGrpcMessage,
  grpcStatusOfHttpStatus,
  grpcStatusOfOrderAnswer,
  unframeGrpcMessage,
} from '../../src/workload/order-grpc.ts';

describe('gRPC framing', () => {
  it('prefixes a message with a zero flag and its 4-byte big-endian length', () => {
    expect([...frameGrpcMessage(Buffer.from([1, 2, 3]))]).toEqual([0, 0, 0, 0, 3, 1, 2, 3]);
    expect([...frameGrpcMessage(Buffer.alloc(0))]).toEqual([0, 0, 0, 0, 0]);
    const big = Buffer.alloc(70_000, 7);
    expect(unframeGrpcMessage(frameGrpcMessage(big))).toEqual({ ok: true, message: big });
  });

  it.each([
    [[0, 0, 0], /5-byte prefix/],
    [[1, 0, 0, 0, 0], /compressed/],
    [[0, 0, 0, 0, 4, 1], /says 4 bytes, the body holds 1/],
    [[0, 0, 0, 0, 0, 9], /says 0 bytes, the body holds 1/],
  ])('refuses %j', (bytes, error) => {
    const r = unframeGrpcMessage(Buffer.from(bytes));
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(error);
  });
});

describe('orders.proto messages, encoded by hand', () => {
  it('encodes OrderRequest as protobuf: id as field 1 varint, json as field 2', () => {
    // id 300 = varint ac 02; "{}" = 2 bytes.
    expect([...encodeOrderRequest({ id: 300, json: '{}' })]).toEqual([0x08, 0xac, 0x02, 0x12, 0x02, 0x7b, 0x7d]);
    // Defaults are omitted, as proto3 encoders do.
    expect(encodeOrderRequest({ id: 0, json: '' }).length).toBe(0);
  });

  it('round-trips requests and replies, with large ids and multi-byte text', () => {
    for (const r of [{ id: 1, json: '' }, { id: 2 ** 40 + 3, json: '{"status":"paid"}' }, { id: 0, json: 'é'.repeat(200) }]) {
      expect(decodeOrderRequest(encodeOrderRequest(r))).toEqual(r);
    }
    expect(decodeOrderReply(encodeOrderReply('{"id":1}'))).toBe('{"id":1}');
    expect(decodeOrderReply(Buffer.alloc(0))).toBe('');
  });

  it('skips unknown fields and refuses truncated or wrongly typed ones', () => {
    // field 3 (fixed64) and field 4 (fixed32) before the id.
    const withUnknown = Buffer.concat([Buffer.from([0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x25, 1, 2, 3, 4]), encodeOrderRequest({ id: 5, json: 'x' })]);
    expect(decodeOrderRequest(withUnknown)).toEqual({ id: 5, json: 'x' });
    expect(decodeOrderRequest(Buffer.from([0x12, 0x05, 0x41]))).toBeNull();
    expect(decodeOrderRequest(Buffer.from([0x08]))).toBeNull();
    // id sent as a string field.
    expect(decodeOrderRequest(Buffer.from([0x0a, 0x01, 0x41]))).toBeNull();
    // wire type 3 (groups) is not valid here.
    expect(decodeOrderRequest(Buffer.from([0x0b]))).toBeNull();
  });
});

describe('gRPC status codes', () => {
  it('maps the order routes\' HTTP answers to gRPC codes', () => {
    expect([200, 201, 400, 404, 405, 413, 500, 502, 503].map(grpcStatusOfOrderAnswer)).toEqual([0, 0, 3, 5, 12, 8, 13, 14, 14]);
  });

  it('reads an intermediary\'s HTTP status as gRPC does when grpc-status is missing', () => {
    expect([400, 401, 403, 404, 429, 502, 503, 504, 200, 500].map(grpcStatusOfHttpStatus)).toEqual([13, 16, 7, 12, 14, 14, 14, 14, 2, 2]);
  });
});
