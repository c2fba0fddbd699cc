import { describe, expect, it } from 'vitest';
import { renderJson } from '../../../src/compare/render/render-json.ts';
import { gateReport } from '../../helpers/gate-reports.ts';

const regression = gateReport('regression');
const pass = gateReport('pass');

describe('renderJson', () => {
  it('round-trips the report', () => {
    expect(JSON.parse(renderJson(regression))).toEqual(JSON.parse(JSON.stringify(regression)));
    expect(JSON.parse(renderJson(pass)).formatVersion).toBe(1);
  });
});
