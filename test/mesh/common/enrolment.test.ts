import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../src/errors.ts';
import { mergeEnrolment } from '../../../src/mesh/common/enrolment.ts';
import { meshPlanContext } from '../../helpers/mesh-plan-context.ts';

const base = meshPlanContext({ target: 'baseline' }).target;
const target = (namespaceLabels: Record<string, string>, namespaceAnnotations: Record<string, string> = {}) => ({ ...base, enrol: { namespaceLabels, namespaceAnnotations } });

describe('mergeEnrolment', () => {
  it('adds the target\'s own keys to what the mesh requires', () => {
    expect(mergeEnrolment({ labels: { 'istio-injection': 'enabled' }, annotations: {} }, target({ team: 'perf', 'istio-injection': 'enabled' }, { note: 'x' }))).toEqual({
      labels: { team: 'perf', 'istio-injection': 'enabled' },
      annotations: { note: 'x' },
    });
  });

  it('refuses a target value that contradicts the mesh, naming both', () => {
    let error: unknown;
    try {
      mergeEnrolment({ labels: {}, annotations: { 'linkerd.io/inject': 'enabled' } }, target({}, { 'linkerd.io/inject': 'disabled' }));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('CONFIG_INVALID');
    expect((error as HarnessError).message).toBe('target enrol annotation "linkerd.io/inject: disabled" contradicts the mesh, which needs "linkerd.io/inject: enabled"');
    expect((error as HarnessError).hint).toBe('remove linkerd.io/inject from enrol.namespaceAnnotations or set it to "enabled"');
    expect(() => mergeEnrolment({ labels: { a: '1' }, annotations: {} }, target({ a: '2' }))).toThrow(/enrol label "a: 2"/);
  });
});
