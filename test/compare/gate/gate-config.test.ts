import { describe, expect, it } from 'vitest';
import { parseGateConfig } from '../../../src/compare/gate/gate-file.ts';
import { ConfigError } from '../../../src/errors.ts';

function parse(yaml: string) {
  return parseGateConfig({ file: 'gates.yaml', text: yaml });
}

const HEADER = 'apiVersion: meshbench/v1alpha1\nkind: Gate\nname: test\n';

function issueOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseGateConfig', () => {
  it('fills defaults: mde = fail, direction from the metric, levels all', () => {
    const gate = parse(`${HEADER}checks:\n  - { id: p99, metric: latency-p99, role: primary, failPct: 4 }\n`);
    expect(gate.checks[0]).toMatchObject({ levels: 'all', mde: 4, critical: null, direction: 'lower-is-better', effectUnit: 'pct' });
    expect(gate.validity).toEqual({ minValidRepetitions: 3, maxInvalidPct: 20 });
  });

  it('accepts level lists and top', () => {
    const gate = parse(
      `${HEADER}checks:\n  - { id: a, metric: latency-p99, levels: [500, 1000], role: primary, failPct: 3 }\n  - { id: b, metric: achieved-rps, levels: top, role: primary, failPct: 1 }\n`,
    );
    expect(gate.checks.map((c) => c.levels)).toEqual([[500, 1000], 'top']);
  });

  it('points at the line of a relative threshold on the error rate', () => {
    const message = issueOf(() => parse(`${HEADER}checks:\n  - id: err\n    metric: error-pct\n    role: primary\n    failPct: 1\n`));
    expect(message).toMatch(/^gates\.yaml:8:\d+ checks\.0\.failPct: error-pct is gated in percentage points: use failPp/);
  });

  it('requires a fail threshold', () => {
    expect(issueOf(() => parse(`${HEADER}checks:\n  - { id: p99, metric: latency-p99, role: primary }\n`))).toContain('failPct: is required');
  });

  it('refuses an MDE below the fail threshold', () => {
    expect(issueOf(() => parse(`${HEADER}checks:\n  - { id: p99, metric: latency-p99, role: primary, failPct: 5, mdePct: 3 }\n`))).toContain(
      'must be at least the fail threshold',
    );
  });

  it('refuses unknown fields, unknown metrics, duplicate ids and overlapping checks of one metric', () => {
    expect(issueOf(() => parse(`${HEADER}alpha: 0.1\nchecks:\n  - { id: a, metric: latency-p99, role: primary, failPct: 3 }\n`))).toContain(
      'unknown field "alpha"',
    );
    expect(issueOf(() => parse(`${HEADER}checks:\n  - { id: a, metric: latency-p95, role: primary, failPct: 3 }\n`))).toContain('checks.0.metric');
    expect(
      issueOf(() =>
        parse(`${HEADER}checks:\n  - { id: a, metric: latency-p99, role: primary, failPct: 3 }\n  - { id: a, metric: latency-p50, role: primary, failPct: 3 }\n`),
      ),
    ).toContain('duplicate check id "a"');
    expect(
      issueOf(() =>
        parse(`${HEADER}checks:\n  - { id: a, metric: latency-p99, role: primary, failPct: 3 }\n  - { id: b, metric: latency-p99, levels: top, role: advisory, failPct: 3 }\n`),
      ),
    ).toContain('already checked by "a"');
  });
});
