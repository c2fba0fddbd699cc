import { describe, expect, it } from 'vitest';
import { kindLocalImageTag, WORKLOAD_IMAGE, workloadImageFor } from '../../src/workload/kube-workload-image.ts';

describe('kindLocalImageTag', () => {
  it('embeds the first 12 digest characters in a local tag of the shipped image', () => {
    expect(kindLocalImageTag()).toBe('meshbench.local/node:22.20.0-alpine-sha256-cb3143549582');
  });

  it('keeps only the base name of a registry path and marks an untagged image', () => {
    expect(kindLocalImageTag('registry.example:5000/team/app@sha256:0123456789abcdef0123')).toBe('meshbench.local/app:untagged-sha256-0123456789ab');
    expect(kindLocalImageTag('registry.example:5000/team/app:1.2@sha256:ffffffffffffaaaa')).toBe('meshbench.local/app:1.2-sha256-ffffffffffff');
  });
});

describe('workloadImageFor', () => {
  it('uses the preloaded tag, never pulled, on kind', () => {
    expect(workloadImageFor('kind')).toEqual({ image: kindLocalImageTag(), imagePullPolicy: 'Never' });
  });

  it('pulls the digest-pinned image elsewhere', () => {
    expect(workloadImageFor('existing')).toEqual({ image: WORKLOAD_IMAGE, imagePullPolicy: 'IfNotPresent' });
    expect(WORKLOAD_IMAGE).toMatch(/@sha256:[0-9a-f]{64}$/);
  });
});
