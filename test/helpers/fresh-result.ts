/** A new, empty result file of the shipped smoke scenario and baseline target, as a run starts it. */
import { loadScenario, loadTarget } from '../../src/config/config-files.ts';
import { newResultFile } from '../../src/results/new-result.ts';
import type { ResultFile } from '../../src/results/result-schema.ts';

export const smokeScenario = loadScenario('smoke').spec;
export const baselineTarget = loadTarget('baseline').spec;

export function freshResult(): ResultFile {
  return newResultFile({
    runId: 'r',
    createdAt: new Date('2026-11-26T12:00:00Z'),
    harness: { version: '0.1.0', gitSha: null, node: 'v20' },
    target: baselineTarget,
    meshVersion: null,
    platform: 'local',
    scenario: smokeScenario,
    environment: { hostname: 'h', cpuModel: 'cpu', cores: 2, memoryBytes: 1, kernel: 'k', os: 'Linux', tools: {} },
  });
}
