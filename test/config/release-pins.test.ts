/** The pinned combination stays inside the recorded compatibility ranges, and the targets use the pins. */
import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/config/config-files.ts';
import {
  KIND_NODE_IMAGES,
  KIND_PIN,
  KUBERNETES_MINORS,
  MESH_PINS,
  meshReleaseLine,
  nodeImageKubernetesMinor,
  pastEolWarnings,
  supportsKubernetes,
} from '../../src/config/release-pins.ts';

const kubernetesMinor = nodeImageKubernetesMinor(KIND_PIN.nodeImage) ?? '';

describe('release pins', () => {
  it('the node image belongs to the pinned kind release', () => {
    expect(KIND_NODE_IMAGES.find((n) => n.image === KIND_PIN.nodeImage)?.kind).toBe(KIND_PIN.version);
    expect(KUBERNETES_MINORS.some((m) => m.minor === kubernetesMinor)).toBe(true);
  });

  for (const [mesh, version] of [['istio', MESH_PINS.istio], ['linkerd', MESH_PINS.linkerd], ['cilium', MESH_PINS.cilium]] as const) {
    it(`${mesh} ${version} is a recorded line whose range includes Kubernetes ${kubernetesMinor}`, () => {
      const line = meshReleaseLine(mesh, version);
      expect(line, `${mesh} ${version} has no recorded line`).not.toBeNull();
      if (!line) return;
      expect(supportsKubernetes(line, kubernetesMinor)).toBe(true);
      expect(line.latest).toBe(version);
    });
  }

  it('every target uses the pins and the pinned node image', () => {
    for (const name of ['istio-sidecar', 'istio-ambient', 'istio-waypoint']) expect(loadTarget(name).spec.mesh).toMatchObject({ version: MESH_PINS.istio });
    expect(loadTarget('linkerd').spec.mesh).toMatchObject({ version: MESH_PINS.linkerd, gatewayApiVersion: meshReleaseLine('linkerd', MESH_PINS.linkerd)?.gatewayApi?.bundle });
    expect(loadTarget('cilium').spec.mesh).toMatchObject({ version: MESH_PINS.cilium });
    for (const name of ['baseline', 'istio-sidecar', 'linkerd', 'cilium']) expect(loadTarget(name).spec.cluster.nodeImage).toBe(KIND_PIN.nodeImage);
  });

  it('no pin is past its recorded end of life today, and a past one is named', () => {
    const today = new Date().toISOString().slice(0, 10);
    const lines = [meshReleaseLine('istio', MESH_PINS.istio), meshReleaseLine('linkerd', MESH_PINS.linkerd), meshReleaseLine('cilium', MESH_PINS.cilium)].flatMap((l) => (l ? [l] : []));
    expect(pastEolWarnings({ today, kubernetesMinor, meshLines: lines })).toEqual([]);
    const old = meshReleaseLine('istio', '1.28.10');
    expect(pastEolWarnings({ today: '2026-12-06', kubernetesMinor: '1.34', meshLines: old ? [old] : [] })).toEqual([
      'Kubernetes 1.34 reached end of life on 2026-10-27 (https://kubernetes.io/releases/patch-releases/)',
      'istio 1.28 reached end of life on 2026-07-01 (https://istio.io/latest/docs/releases/supported-releases/ (6 weeks after 1.30.0))',
    ]);
  });
});
