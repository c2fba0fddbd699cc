import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/errors.ts';
import { checkMeshVersionSupported } from '../../src/mesh/mesh-version-support.ts';
import { meshPlanContext } from '../helpers/mesh-plan-context.ts';

function withNodeImage(target: ReturnType<typeof meshPlanContext>['target'], minorTag: string) {
  return { ...target, cluster: { ...target.cluster, nodeImage: `kindest/node:v${minorTag}@sha256:${'a'.repeat(64)}` } };
}

function thrown(fn: () => unknown): HarnessError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HarnessError);
    return err as HarnessError;
  }
  throw new Error('did not throw');
}

describe('checkMeshVersionSupported', () => {
  it('returns the release line of the pinned or requested version', () => {
    const target = meshPlanContext({ target: 'istio-sidecar' }).target;
    expect(checkMeshVersionSupported({ target, meshVersion: null, platform: 'existing' })?.line).toBe('1.30');
    expect(checkMeshVersionSupported({ target, meshVersion: '1.28.10', platform: 'existing' })?.line).toBe('1.28');
    expect(checkMeshVersionSupported({ target: meshPlanContext({ target: 'linkerd' }).target, meshVersion: null, platform: 'existing' })?.line).toBe('2.20');
  });

  it('has nothing to check for a target without a recorded mesh', () => {
    expect(checkMeshVersionSupported({ target: meshPlanContext({ target: 'baseline' }).target, meshVersion: null, platform: 'kind' })).toBeNull();
  });

  it('refuses a line without compatibility data, listing the known ones', () => {
    const error = thrown(() => checkMeshVersionSupported({ target: meshPlanContext({ target: 'istio-sidecar' }).target, meshVersion: '1.19.0', platform: 'kind' }));
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe('istio 1.19.0 is not a release line this harness has compatibility data for');
    expect(error.hint).toContain('1.30 (1.30.3, Kubernetes 1.32–1.35)');
  });

  it('on kind, refuses a node image outside the line\'s Kubernetes range', () => {
    const target = withNodeImage(meshPlanContext({ target: 'istio-sidecar' }).target, '1.31.2');
    const error = thrown(() => checkMeshVersionSupported({ target, meshVersion: '1.30.3', platform: 'kind' }));
    expect(error.message).toBe('istio 1.30.3 supports Kubernetes 1.32–1.35, but the kind node image runs Kubernetes 1.31');
    // An existing cluster's Kubernetes is not the node image's: not judged here.
    expect(checkMeshVersionSupported({ target, meshVersion: '1.30.3', platform: 'existing' })?.line).toBe('1.30');
    expect(checkMeshVersionSupported({ target: withNodeImage(target, '1.33.1'), meshVersion: '1.30.3', platform: 'kind' })?.line).toBe('1.30');
  });
});
