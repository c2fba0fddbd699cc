import { describe, expect, it } from 'vitest';
import type { DraftContext } from '../../../src/compare/gate/check-draft.ts';
import { draftChecks } from '../../../src/compare/gate/draft-checks.ts';
import type { GateCheck } from '../../../src/compare/gate/gate-config.ts';
import { loadGateConfig } from '../../../src/compare/gate/gate-file.ts';
import { gateCheck, level, pooledSide } from '../../helpers/gate-objects.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const gate = loadGateConfig('default', ROOT).gate;
const five = [1000, 1010, 990, 1005, 995];

function context(checks: GateCheck[]): DraftContext {
  return {
    base: pooledSide('base', [level(100, five), level(200, five)], { target: { mesh: 'none', mode: 'none' } }),
    head: pooledSide('head', [level(100, five), level(200, five)], { target: { mesh: 'none', mode: 'none' } }),
    gate: { ...gate, checks },
    notApplicable: new Map(),
    screened: new Map(),
  };
}

describe('draftChecks', () => {
  it('drafts every check at each of its levels, in gate order', () => {
    const { drafts, notes } = draftChecks({ ctx: context([gateCheck({ levels: 'all' }), gateCheck({ id: 'rate', metric: 'achieved-rps', levels: 'top' })]), measuredRps: [100, 200], gateFile: 'g.yaml' });
    expect(drafts.map((d) => `${d.check.id}@${d.targetRps}`)).toEqual(['p99@100', 'p99@200', 'rate@200']);
    expect(notes).toEqual([]);
  });

  it('notes unmeasured listed levels first, then checks not applicable', () => {
    const checks = [gateCheck({ levels: [100, 400] }), gateCheck({ id: 'cpu', metric: 'dataplane-vcpu-per-1k-rps' })];
    const { drafts, notes } = draftChecks({ ctx: context(checks), measuredRps: [100, 200], gateFile: 'g.yaml' });
    expect(drafts.map((d) => d.check.id)).toEqual(['p99']);
    expect(notes).toEqual(['check p99: 400 rps not measured on either side', 'check cpu: not applicable (no data-plane measurements on base or head)']);
  });

  it('a metric gated twice at one level is a configuration error naming the gate file and both checks', () => {
    const checks = [gateCheck({ id: 'all-levels' }), gateCheck({ id: 'top-level', levels: 'top', role: 'advisory' })];
    expect(() => draftChecks({ ctx: context(checks), measuredRps: [100, 200], gateFile: 'g.yaml' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: 'g.yaml: checks "all-levels" and "top-level" both gate latency-p99 at 200 rps' }),
    );
  });
});
