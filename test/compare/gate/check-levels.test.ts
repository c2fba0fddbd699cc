import { describe, expect, it } from 'vitest';
import { resolveCheckLevels } from '../../../src/compare/gate/check-levels.ts';
import { gateCheck } from '../../helpers/gate-objects.ts';

const measured = [100, 500, 1000];

describe('resolveCheckLevels', () => {
  it('all: every measured rate; top: the highest', () => {
    expect(resolveCheckLevels(gateCheck({ levels: 'all' }), measured)).toEqual({ levels: [100, 500, 1000], note: null });
    expect(resolveCheckLevels(gateCheck({ levels: 'top' }), measured)).toEqual({ levels: [1000], note: null });
    expect(resolveCheckLevels(gateCheck({ levels: 'top' }), [])).toEqual({ levels: [], note: null });
  });

  it('a list: the measured ones, and a note naming those nobody measured', () => {
    expect(resolveCheckLevels(gateCheck({ id: 'p99-list', levels: [500, 2000, 4000] }), measured)).toEqual({
      levels: [500],
      note: 'check p99-list: 2000 rps, 4000 rps not measured on either side',
    });
  });
});
