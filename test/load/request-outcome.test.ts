import { describe, expect, it } from 'vitest';
import { isOkStatus, OutcomeCounts } from '../../src/load/request-outcome.ts';

describe('isOkStatus', () => {
  it('counts 2xx and 3xx as ok', () => {
    expect([199, 200, 204, 302, 399, 400, 404, 500].map(isOkStatus)).toEqual([false, true, true, true, true, false, false, false]);
  });
});

describe('OutcomeCounts', () => {
  it('tallies responses by status and transport errors by kind', () => {
    const c = new OutcomeCounts();
    for (const code of [200, 200, 201, 404, 503]) c.addResponse(code);
    c.addTransportError('timeout');
    c.addTransportError('timeout');
    c.addTransportError('reset');
    expect(c.completed).toBe(5);
    expect(c.ok).toBe(3);
    expect(c.transportErrors).toBe(3);
    expect(c.statusCounts).toEqual({ '200': 2, '201': 1, '404': 1, '503': 1 });
    expect(c.errorCounts).toEqual({ timeout: 2, reset: 1 });
    expect(c.errors).toBe(2 + 3);
  });

  it('starts empty', () => {
    const c = new OutcomeCounts();
    expect(c.statusCounts).toEqual({});
    expect(c.errors).toBe(0);
  });

  it('files an out-of-range code under 0 instead of writing past the table', () => {
    const c = new OutcomeCounts();
    c.addResponse(999);
    expect(c.statusCounts).toEqual({ '0': 1 });
    expect(c.errors).toBe(1);
  });
});
