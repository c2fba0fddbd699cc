import { describe, expect, it } from 'vitest';
import { buildReportData } from '../../src/report/report-data.ts';
import { collectReportIssues } from '../../src/report/report-issues.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';
import { buildSyntheticResult, type SyntheticTargetOptions } from '../helpers/report-fixtures.ts';

const small = { levelsRps: [100, 400], repetitions: 2, samplesPerRepetition: 500, sigma: 0.2, hostCoreSecondsPer1kRequests: 0.3 };

function target(overrides: Partial<SyntheticTargetOptions> & Pick<SyntheticTargetOptions, 'seed'>): ResultFile {
  return buildSyntheticResult({ name: 'istio-ambient', mesh: 'istio', mode: 'ambient', version: '1.28.1', medianUs: 500, ...small, ...overrides });
}

describe('collectReportIssues', () => {
  it('reports verification, incomplete runs and mixed scenarios', () => {
    const failed = target({ seed: 8, status: 'interrupted', verification: { verified: false, skipped: false, checks: [{ name: 'mTLS STRICT', passed: false, evidence: [] }] } });
    const other = target({ seed: 9, scenarioHash: 'sha256:other', scenarioName: 'heavy' });
    const issues = collectReportIssues(
      buildReportData([
        { path: 'f.json', result: failed },
        { path: 'o.json', result: other },
      ]),
    );
    expect(issues.find((i) => i.kind === 'verification')?.message).toBe('verification failed for istio-ambient: mTLS STRICT');
    expect(issues.find((i) => i.kind === 'file')?.message).toMatch(/status is "interrupted"/);
    expect(issues.filter((i) => i.kind === 'scenario-mismatch').map((i) => i.severity)).toEqual(['error', 'warning']);
  });

  it('counts the arms of one idle-services sweep as one scenario (their hashes differ by the count), but not two sweeps', () => {
    const arm = (seed: number, label: string, batchId: string): ResultFile => {
      const r = target({ seed, scenarioHash: `sha256:${label}` });
      r.batch = { id: batchId, arms: ['idle-0', 'idle-50'], order: 'ABBA', method: 'same-host', idleSweep: { 'idle-0': 0, 'idle-50': 50 } };
      return r;
    };
    const one = collectReportIssues(buildReportData([{ path: 'a.json', result: arm(1, 'idle-0', 'b1') }, { path: 'b.json', result: arm(2, 'idle-50', 'b1') }]));
    expect(one.filter((i) => i.kind === 'scenario-mismatch' && i.series === null)).toEqual([]);
    const two = collectReportIssues(buildReportData([{ path: 'a.json', result: arm(1, 'idle-0', 'b1') }, { path: 'b.json', result: arm(2, 'idle-50', 'b2') }]));
    expect(two.filter((i) => i.kind === 'scenario-mismatch' && i.series === null)).toHaveLength(1);
  });
});
