import { describe, expect, it } from 'vitest';
import { hardenedContainerSecurity } from '../../src/workload/kube-pod-hardening.ts';
import { WORKLOAD_UID } from '../../src/workload/kube-workload-image.ts';

describe('hardenedContainerSecurity', () => {
  it('runs as the image\'s numeric non-root user, read-only, without privileges or capabilities', () => {
    expect(hardenedContainerSecurity()).toEqual({
      runAsNonRoot: true,
      runAsUser: WORKLOAD_UID,
      runAsGroup: WORKLOAD_UID,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('hands out a fresh object each time (manifests may be edited by a mesh)', () => {
    const a = hardenedContainerSecurity();
    (a['capabilities'] as { drop: string[] }).drop.push('x');
    expect(hardenedContainerSecurity()['capabilities']).toEqual({ drop: ['ALL'] });
  });
});
