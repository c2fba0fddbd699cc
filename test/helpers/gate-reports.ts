/**
 * Gate reports of the four outcomes, compared from the shipped result fixtures under the default
 * gate: what the compare renderers' tests render.
 */
import { compareResults } from '../../src/compare/compare-results.ts';
import { loadGateConfig } from '../../src/compare/gate/gate-file.ts';
import type { GateReport } from '../../src/compare/gate/gate-report.ts';
import type { ResultSource } from '../../src/compare/gate/repetition-pool.ts';
import { buildResultFixtures } from './result-fixtures.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const loaded = loadGateConfig('default', ROOT);
const fixtures = buildResultFixtures();

function source(name: string): ResultSource {
  const result = fixtures[name];
  if (typeof result !== 'object') throw new Error(name);
  return { file: `test/fixtures/results/${name}`, result };
}

function report(base: string, head: string): GateReport {
  return compareResults({
    base: { sources: [source(base)], arm: null },
    head: { sources: [source(head)], arm: null },
    gate: { file: loaded.file, config: loaded.gate },
  });
}

const PAIRS = {
  regression: ['base-istio-1.23.4.json', 'head-istio-1.24.1-p99-plus20.json'],
  pass: ['base-istio-1.23.4.json', 'head-istio-1.24.1-same.json'],
  invalid: ['base-istio-1.23.4.json', 'head-istio-1.24.1-mostly-invalid.json'],
  inconclusive: ['base-istio-1.23.4-three-reps.json', 'head-istio-1.24.1-three-reps.json'],
} as const;

/** The report of one outcome: regression (+20 % p99), pass (same data), invalid (mostly invalid head), inconclusive (three repetitions). */
export function gateReport(outcome: keyof typeof PAIRS): GateReport {
  const [base, head] = PAIRS[outcome];
  return report(base, head);
}
