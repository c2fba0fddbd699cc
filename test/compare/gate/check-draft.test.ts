import { describe, expect, it } from 'vitest';
import { type DraftContext, draftCheck } from '../../../src/compare/gate/check-draft.ts';
import { loadGateConfig } from '../../../src/compare/gate/gate-file.ts';
import type { PooledSide } from '../../../src/compare/gate/repetition-pool.ts';
import type { LevelSpec } from '../../helpers/result-builder.ts';
import { gateCheck, level, pooledSide } from '../../helpers/gate-objects.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const gate = loadGateConfig('default', ROOT).gate;
const five = [1000, 1010, 990, 1005, 995];

function context(base: PooledSide, head: PooledSide): DraftContext {
  return { base, head, gate, notApplicable: new Map(), screened: new Map(), medianLagUs: 150 };
}

describe('draftCheck', () => {
  it('computes statistics from the valid repetitions of both sides', () => {
    const ctx = context(pooledSide('base', [level(100, five)]), pooledSide('head', [level(100, five.map((v) => v * 1.2))]));
    const draft = draftCheck(ctx, gateCheck(), 100);
    expect(draft?.invalidReason).toBeNull();
    expect(draft?.base).toMatchObject({ n: 5, total: 5 });
    expect(draft?.stats?.shift?.estimate).toBeCloseTo(20, 0);
    expect(draft?.stats?.test).toBe('rank-sum');
  });

  it('a level with too many invalid repetitions is invalid with the first reason', () => {
    const bad: LevelSpec = { targetRps: 100, repetitions: five.map((p99Us, i) => ({ p99Us, valid: i === 0, invalidReasons: ['missed its rate'] })) };
    const draft = draftCheck(context(pooledSide('base', [level(100, five)]), pooledSide('head', [bad])), gateCheck(), 100);
    expect(draft?.stats).toBeNull();
    expect(draft?.invalidReason).toBe('head: 4 of 5 repetitions invalid (more than 20 %); e.g. missed its rate');
  });

  it('a level one side did not measure is invalid, naming the run status', () => {
    const draft = draftCheck(context(pooledSide('base', [level(100, five), level(200, five)]), pooledSide('head', [level(100, five)], { status: 'interrupted' })), gateCheck(), 200);
    expect(draft?.invalidReason).toBe('head did not measure this level (run status interrupted)');
  });

  it('a data-plane metric on the no-mesh baseline is not applicable (null), and noted once', () => {
    const meshed = pooledSide('head', [{ targetRps: 100, repetitions: five.map((p99Us) => ({ p99Us, dataPlane: [{ vcpuPer1kRps: 0.3, memoryPerInstanceBytes: 5e7 }] })) }]);
    const ctx = context(pooledSide('base', [level(100, five)], { target: { mesh: 'none', mode: 'none' } }), meshed);
    expect(draftCheck(ctx, gateCheck({ id: 'cpu', metric: 'dataplane-vcpu-per-1k-rps' }), 100)).toBeNull();
    expect([...ctx.notApplicable.values()]).toEqual(['check cpu: not applicable (no data-plane measurements on base)']);
  });

  it('a data plane missing on a meshed side is invalid, not skipped', () => {
    const meshed = pooledSide('head', [{ targetRps: 100, repetitions: five.map((p99Us) => ({ p99Us, dataPlane: [{ vcpuPer1kRps: 0.3, memoryPerInstanceBytes: 5e7 }] })) }]);
    const ctx = context(pooledSide('base', [level(100, five)]), meshed);
    expect(draftCheck(ctx, gateCheck({ id: 'cpu', metric: 'dataplane-vcpu-per-1k-rps' }), 100)?.invalidReason).toBe('no data-plane measurements on base');
  });

  it('screens out windows of an unhealthy generator and notes each; too many make the level invalid', () => {
    const head = pooledSide('head', [level(100, five)]);
    for (const rep of head.levels.get(100)?.valid.slice(0, 2) ?? []) rep.generator.lateSends = 500;
    const ctx = context(pooledSide('base', [level(100, five)]), head);
    const draft = draftCheck(ctx, gateCheck(), 100);
    expect(draft?.invalidReason).toBe('2 of 5 head windows screened out for generator health (more than 20 %): the machine, not the target, was measured');
    expect(ctx.screened?.size).toBe(2);
  });

  it('fewer values than the gate minimum is invalid', () => {
    const ctx = context(pooledSide('base', [level(100, five.slice(0, 2))]), pooledSide('head', [level(100, five.slice(0, 2))]));
    expect(draftCheck(ctx, gateCheck(), 100)?.invalidReason).toMatch(/valid repetitions, fewer than the minimum 3/);
  });
});
