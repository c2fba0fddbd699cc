import { describe, expect, it } from 'vitest';
import { labelValue, MANAGED_BY_LABEL, PART_OF_LABEL, RUN_LABEL, runLabels } from '../../src/workload/kube-labels.ts';

describe('labelValue', () => {
  it('keeps a valid value unchanged', () => {
    expect(labelValue('20261206-184400-ab12')).toBe('20261206-184400-ab12');
  });

  it('replaces characters a label value may not hold', () => {
    expect(labelValue('istio 1.28/ambient:x')).toBe('istio-1.28-ambient-x');
  });

  it('cuts to 63 characters and trims non-alphanumerics at both ends', () => {
    const value = labelValue(`--${'a'.repeat(70)}`);
    expect(value).toBe('a'.repeat(61));
    expect(labelValue(`${'b'.repeat(62)}._x`)).toBe('b'.repeat(62));
    expect(labelValue('_run_')).toBe('run');
  });
});

describe('runLabels', () => {
  it('marks the object as meshbench-managed and carries the run id as a label value', () => {
    expect(runLabels('run 1')).toEqual({ [MANAGED_BY_LABEL]: 'meshbench', [PART_OF_LABEL]: 'meshbench', [RUN_LABEL]: 'run-1' });
  });
});
