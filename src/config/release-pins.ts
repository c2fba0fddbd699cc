/**
 * The pinned releases and the compatibility facts they are checked against, as data (pure): kind
 * and its node images, Kubernetes minors, and per mesh release line the supported Kubernetes
 * minors, the Gateway API bundle and the end of life. Every fact names its upstream source;
 * docs/pins.md explains each one and how it was read. Mesh modules, tools, the doctor and the
 * tests all read the pins from here.
 */

/** A date as YYYY-MM-DD, or null when upstream has not announced one. */
export type IsoDate = string | null;

/** A kind release and the node image its release notes publish for one Kubernetes version. */
export interface KindNodeImage {
  kind: string;
  kubernetes: string;
  image: string;
  source: string;
}

/** Node images by kind release (each kind release's default image, `pkg/apis/config/defaults/image.go` at its tag). */
export const KIND_NODE_IMAGES: readonly KindNodeImage[] = [
  {
    kind: 'v0.30.0',
    kubernetes: '1.34.0',
    image: 'kindest/node:v1.34.0@sha256:7416a61b42b1662ca6ca89f02028ac133a309a2a30ba309614e8ec94d976dc5a',
    source: 'kubernetes-sigs/kind pkg/apis/config/defaults/image.go @ v0.30.0',
  },
  {
    kind: 'v0.31.0',
    kubernetes: '1.35.0',
    image: 'kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f',
    source: 'kubernetes-sigs/kind pkg/apis/config/defaults/image.go @ v0.31.0',
  },
  {
    kind: 'v0.32.0',
    kubernetes: '1.36.1',
    image: 'kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5',
    source: 'kubernetes-sigs/kind pkg/apis/config/defaults/image.go @ v0.32.0',
  },
];

/** The kind release and node image the kind platform pins (Kubernetes 1.35: inside every mesh's range below). */
export const KIND_PIN = { version: 'v0.31.0', nodeImage: 'kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f' } as const;

/** Kubernetes minors and their end of life. */
export const KUBERNETES_MINORS: readonly { minor: string; eol: IsoDate; source: string }[] = [
  { minor: '1.34', eol: '2026-10-27', source: 'https://kubernetes.io/releases/patch-releases/' },
  { minor: '1.35', eol: '2027-02-28', source: 'https://kubernetes.io/releases/patch-releases/' },
  { minor: '1.36', eol: '2027-06-28', source: 'https://kubernetes.io/releases/patch-releases/' },
];

/** One mesh release line: what it supports and until when. */
export interface MeshReleaseLine {
  mesh: 'istio' | 'linkerd' | 'cilium';
  /** `1.30` (Istio, Cilium) or `2.20` (Linkerd). */
  line: string;
  /** The newest patch (or edge) of the line known here. */
  latest: string;
  /** Kubernetes minors the line supports (inclusive); max null when upstream names no upper bound. */
  kubernetes: { min: string; max: string | null; source: string };
  /** Gateway API bundle the plan installs for this line, and the newest it accepts; null when it installs none. */
  gatewayApi: { bundle: string; newest: string; source: string } | null;
  eol: IsoDate;
  eolSource: string;
}

export const MESH_RELEASE_LINES: readonly MeshReleaseLine[] = [
  {
    mesh: 'istio',
    line: '1.28',
    latest: '1.28.10',
    kubernetes: { min: '1.30', max: '1.34', source: 'istio/istio istioctl/pkg/install/k8sversion/version.go @ 1.28.10 (MinK8SVersion = 30); istio.io supported releases' },
    gatewayApi: { bundle: 'v1.4.0', newest: 'v1.4.0', source: 'istio/istio go.mod @ 1.28.x (sigs.k8s.io/gateway-api v1.4.0)' },
    eol: '2026-07-01',
    eolSource: 'https://istio.io/latest/docs/releases/supported-releases/ (6 weeks after 1.30.0)',
  },
  {
    mesh: 'istio',
    line: '1.29',
    latest: '1.29.6',
    kubernetes: { min: '1.30', max: '1.35', source: 'istio/istio istioctl/pkg/install/k8sversion/version.go @ 1.29.6 (MinK8SVersion = 30); prow/integ-suite-kind.sh @ 1.29.6 (CI on kind-node v1.35.0)' },
    gatewayApi: { bundle: 'v1.4.1', newest: 'v1.4.1', source: 'istio/istio go.mod @ 1.29.6 (sigs.k8s.io/gateway-api v1.4.1)' },
    eol: null,
    eolSource: 'https://istio.io/latest/docs/releases/supported-releases/ (6 weeks after 1.31.0; date not recorded here)',
  },
  {
    mesh: 'istio',
    line: '1.30',
    latest: '1.30.3',
    kubernetes: { min: '1.32', max: '1.35', source: 'istio/istio istioctl/pkg/install/k8sversion/version.go @ 1.30.3 (MinK8SVersion = 32); prow/integ-suite-kind.sh @ 1.30.3 (CI on kind-node v1.35.0)' },
    gatewayApi: { bundle: 'v1.5.1', newest: 'v1.5.1', source: 'istio/istio go.mod @ 1.30.3 (sigs.k8s.io/gateway-api v1.5.1)' },
    eol: null,
    eolSource: 'https://istio.io/latest/docs/releases/supported-releases/ (6 weeks after 1.32.0; date not recorded here)',
  },
  {
    mesh: 'linkerd',
    line: '2.20',
    latest: 'edge-26.8.3',
    kubernetes: { min: '1.31', max: null, source: 'linkerd/linkerd2 pkg/k8s/api.go @ edge-26.8.3 (minAPIVersion = 1.31.0; no upper bound)' },
    gatewayApi: {
      bundle: 'v1.2.1',
      newest: 'v1.5.1',
      source: 'linkerd/website linkerd.io/content/2-edge/features/gateway-api.md (2.20: Gateway API 1.2.1–1.5.1, 1.2.1 recommended); linkerd/linkerd2 cli/cmd/install.go (the install error names v1.2.1)',
    },
    eol: null,
    eolSource: 'open-source Linkerd ships edge releases only: the newest edge is the supported one (linkerd/website linkerd.io/content/releases/_index.md)',
  },
  {
    mesh: 'cilium',
    line: '1.18',
    latest: '1.18.14',
    kubernetes: { min: '1.30', max: '1.33', source: 'cilium/cilium Documentation/network/kubernetes/compatibility.rst @ v1.18.14' },
    gatewayApi: null,
    eol: null,
    eolSource: 'https://docs.cilium.io/en/stable/ (the three newest minors are maintained)',
  },
  {
    mesh: 'cilium',
    line: '1.20',
    latest: '1.20.3',
    kubernetes: { min: '1.33', max: '1.36', source: 'cilium/cilium Documentation/network/kubernetes/compatibility.rst @ v1.20 (as quoted in thaum-xyz/ankhmorpork#1056; not read from the docs here)' },
    gatewayApi: null,
    eol: null,
    eolSource: 'https://docs.cilium.io/en/stable/ (the three newest minors are maintained)',
  },
];

/** The mesh releases the targets pin (clusters/*.yaml use the same values; a test keeps them equal). */
export const MESH_PINS = {
  istio: '1.30.3',
  linkerd: 'edge-26.8.3',
  cilium: '1.20.3',
  /** cilium-cli v0.19.7 installs Cilium 1.16 and newer (cilium/cilium-cli README.md @ v0.19.7). */
  ciliumCli: 'v0.19.7',
} as const;

/** Pinned helm (the `bench tools` CLI set; no target's plan runs helm). Helm 3 security fixes end 2027-02-10. */
export const HELM_PIN = { version: 'v3.18.4', eol: '2027-02-10', source: 'https://helm.sh/blog/helm-v3-end-of-life' } as const;

/** `1.35.0` or `v1.35.0` → `1.35`. */
export function kubernetesMinorOf(version: string): string | null {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  return match ? `${match[1]}.${match[2]}` : null;
}

/** Negative, zero or positive as minor a is older than, equal to or newer than b (`1.9` < `1.10`). */
export function compareMinors(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/** The release line of a mesh version: `1.30.3` → `1.30`, `edge-26.8.3` → the 2.x line it belongs to. */
export function meshReleaseLine(mesh: MeshReleaseLine['mesh'], version: string): MeshReleaseLine | null {
  if (mesh === 'linkerd') {
    const lines = MESH_RELEASE_LINES.filter((l) => l.mesh === 'linkerd');
    return lines.find((l) => l.latest === version) ?? lines.find((l) => edgeAtLeast(version, firstEdgeOf(l.line))) ?? null;
  }
  const minor = kubernetesMinorOf(version.replace(/^v/, ''));
  return MESH_RELEASE_LINES.find((l) => l.mesh === mesh && l.line === minor) ?? null;
}

/** First edge release of a Linkerd line (linkerd/website data/versions.yaml: 2.20 = edge-26.6.3). */
function firstEdgeOf(line: string): string {
  return line === '2.20' ? 'edge-26.6.3' : 'edge-99.0.0';
}

function edgeAtLeast(version: string, floor: string): boolean {
  const parse = (v: string) => (/^edge-(\d+)\.(\d+)\.(\d+)$/.exec(v) ?? []).slice(1).map(Number);
  const [x, y] = [parse(version), parse(floor)];
  if (x.length !== 3 || y.length !== 3) return false;
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return true;
}

/** True when `minor` lies inside the line's Kubernetes range. */
export function supportsKubernetes(line: MeshReleaseLine, minor: string): boolean {
  return compareMinors(minor, line.kubernetes.min) >= 0 && (line.kubernetes.max === null || compareMinors(minor, line.kubernetes.max) <= 0);
}

/** `1.32–1.35` or `1.31 and newer`. */
export function kubernetesRangeText(line: MeshReleaseLine): string {
  return line.kubernetes.max ? `Kubernetes ${line.kubernetes.min}–${line.kubernetes.max}` : `Kubernetes ${line.kubernetes.min} and newer`;
}

/** The kind release a node image (by digest) was published for, or null when not recorded. */
export function kindReleaseForNodeImage(image: string): KindNodeImage | null {
  const digest = image.split('@')[1];
  if (!digest) return null;
  return KIND_NODE_IMAGES.find((n) => n.image.split('@')[1] === digest) ?? null;
}

/** The Kubernetes minor of a node image tag (`kindest/node:v1.35.0@…` → `1.35`). */
export function nodeImageKubernetesMinor(image: string): string | null {
  const tag = /:v?(\d+\.\d+)\.\d+/.exec(image.split('@')[0] ?? '');
  return tag?.[1] ?? null;
}

/** End-of-life warnings for a set of pins on a date (YYYY-MM-DD), as sentences. */
export function pastEolWarnings(options: { today: string; kubernetesMinor: string | null; meshLines: readonly MeshReleaseLine[]; helm?: boolean }): string[] {
  const out: string[] = [];
  const k8s = KUBERNETES_MINORS.find((m) => m.minor === options.kubernetesMinor);
  if (k8s?.eol && k8s.eol < options.today) out.push(`Kubernetes ${k8s.minor} reached end of life on ${k8s.eol} (${k8s.source})`);
  for (const line of options.meshLines) {
    if (line.eol && line.eol < options.today) out.push(`${line.mesh} ${line.line} reached end of life on ${line.eol} (${line.eolSource})`);
  }
  if (options.helm && HELM_PIN.eol < options.today) out.push(`helm ${HELM_PIN.version}: Helm 3 security fixes ended on ${HELM_PIN.eol} (${HELM_PIN.source})`);
  return out;
}
