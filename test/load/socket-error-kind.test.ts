import { describe, expect, it } from 'vitest';
import { socketErrorKind } from '../../src/load/socket-error-kind.ts';

describe('socketErrorKind', () => {
  it('names socket failure kinds', () => {
    const kind = (code: string) => socketErrorKind(Object.assign(new Error(code), { code }));
    expect(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EWHATEVER'].map(kind)).toEqual(['connect-refused', 'reset', 'reset', 'other']);
  });
});
