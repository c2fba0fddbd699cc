import { describe, expect, it } from 'vitest';
import { grpcOutcome, isOkStatus, OutcomeCounts } from '../../src/load/request-outcome.ts';

describe('outcome counts', () => {
  it('counts HTTP statuses, transport errors and errors', () => {
    const c = new OutcomeCounts();
    for (const s of [200, 201, 404, 503]) c.addResponse(s);
    c.addTransportError('timeout');
    expect(c.statusCounts).toEqual({ '200': 1, '201': 1, '404': 1, '503': 1 });
    expect(c.errorCounts).toEqual({ timeout: 1 });
    expect([c.completed, c.ok, c.errors]).toEqual([4, 2, 3]);
  });

  it('counts gRPC calls by grpc-status: 0 is ok, any other code is an error recorded with its code', () => {
    const c = new OutcomeCounts();
    for (const code of [0, 0, 0, 14, 5, 14, 16]) c.addResponse(grpcOutcome(code));
    expect(c.statusCounts).toEqual({ 'grpc-0': 3, 'grpc-5': 1, 'grpc-14': 2, 'grpc-16': 1 });
    expect([c.completed, c.ok, c.errors]).toEqual([7, 3, 4]);
    expect(isOkStatus(grpcOutcome(0))).toBe(true);
    expect(isOkStatus(grpcOutcome(2))).toBe(false);
  });
});
