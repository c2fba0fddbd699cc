import { describe, expect, it } from 'vitest';
import { renderLoadReport } from '../../src/render/render-load-report.ts';
import { buildRepetition } from '../helpers/result-builder.ts';

const at = { index: 0, targetRps: 100, windowStartMs: 0 };

describe('renderLoadReport', () => {
  it('open loop: latency from the intended send next to service time, rate against target, scheduler health', () => {
    const rep = buildRepetition({ p99Us: 4000, p50Us: 1000, errorPct: 1 }, at);
    const text = renderLoadReport(rep);
    expect(text.split('\n')[0]).toContain('latency (from intended send)   service time (from actual send)');
    expect(text).toMatch(/^ {2}p99 +4\.00ms +4\.00ms$/m);
    expect(text).toContain('  requests   1000 completed, 990 ok, 10 errors, 0 dropped in 10.0 s');
    expect(text).toContain('  rate       100.0 rps achieved of 100 targeted');
    expect(text).toContain('  status     200 ×990, 503 ×10');
    expect(text).toContain('  scheduler  lag p50 20µs, p99 150µs, max 900µs; 0 sends > 1 ms late');
    expect(text).toContain('  generator  25% of a core');
  });

  it('closed loop: one latency column, no target rate or scheduler line; reasons and warnings listed', () => {
    const rep = buildRepetition({ p99Us: 4000, valid: false, invalidReasons: ['missed its rate'] }, at);
    rep.generator.engine = 'closed';
    rep.warnings = ['short window'];
    const text = renderLoadReport(rep);
    expect(text.split('\n')[0]).toContain('latency (closed loop: from actual send)');
    expect(text).not.toContain('targeted');
    expect(text).not.toContain('scheduler');
    expect(text).toMatch(/^ {2}p99 +4\.00ms$/m);
    expect(text).toContain('  ✖ missed its rate\n  ! short window\n');
  });
});
