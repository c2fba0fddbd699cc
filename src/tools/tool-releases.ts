/**
 * The pinned mesh CLIs: where each release is published, which member of the archive is the
 * binary, the SHA-256 digests pinned in this file, and how the binary reports its version.
 * A digest is pinned only when it was read from a published checksum; a release without one
 * is refused unless the user passes the digest (`--sha256`) after checking it themselves.
 */
import { HELM_PIN, MESH_PINS } from '../config/release-pins.ts';
import { type ToolPlatform, platformKey } from './tool-platform.ts';

export const TOOL_NAMES = ['istioctl', 'linkerd', 'cilium', 'helm'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** How the binary sits in the download. */
export type ToolArchive = { type: 'tar.gz'; member: string } | { type: 'binary' };

/** One downloadable release of a tool for one platform. */
export interface ToolRelease {
  tool: ToolName;
  version: string;
  platform: ToolPlatform;
  url: string;
  /** Where upstream publishes the digest: a checksum file, or (Linkerd) the GitHub release's asset digests. */
  checksumUrl: string;
  /** A command that prints the upstream-published digest, for a human to check before passing --sha256. */
  verifyCommand: string;
  archive: ToolArchive;
  /** Pinned SHA-256 (hex) of the download, or null when none is pinned. */
  sha256: string | null;
}

interface ToolSpec {
  defaultVersion: string;
  url(version: string, platform: ToolPlatform): string;
  checksumUrl(version: string, platform: ToolPlatform): string;
  verifyCommand(version: string, platform: ToolPlatform): string;
  archive(version: string, platform: ToolPlatform): ToolArchive;
  /** argv that prints the client version without contacting a cluster. */
  versionArgs: string[];
  /** Extracts the version from that output, normalised like `defaultVersion`. */
  parseVersion(output: string): string | null;
  /** `<version>/<os>-<arch>` → SHA-256 hex of the download. */
  digests: Readonly<Record<string, string>>;
}

/** The Linkerd CLI asset name (darwin amd64 has no arch suffix). */
function linkerdAsset(version: string, p: ToolPlatform): string {
  return `linkerd2-cli-${version}-${p.os}${p.os === 'darwin' && p.arch === 'amd64' ? '' : `-${p.arch}`}`;
}

function istioOs(platform: ToolPlatform): string {
  if (platform.os === 'linux') return `linux-${platform.arch}`;
  return platform.arch === 'arm64' ? 'osx-arm64' : 'osx';
}

const SPECS: Record<ToolName, ToolSpec> = {
  istioctl: {
    defaultVersion: MESH_PINS.istio,
    url: (v, p) => `https://github.com/istio/istio/releases/download/${v}/istioctl-${v}-${istioOs(p)}.tar.gz`,
    checksumUrl: (v, p) => `https://github.com/istio/istio/releases/download/${v}/istioctl-${v}-${istioOs(p)}.tar.gz.sha256`,
    verifyCommand: (v, p) => `curl -fsSL https://github.com/istio/istio/releases/download/${v}/istioctl-${v}-${istioOs(p)}.tar.gz.sha256`,
    archive: () => ({ type: 'tar.gz', member: 'istioctl' }),
    versionArgs: ['version', '--remote=false'],
    parseVersion: (out) => /(\d+\.\d+\.\d+(?:-[\w.]+)?)/.exec(out)?.[1] ?? null,
    digests: {},
  },
  linkerd: {
    defaultVersion: MESH_PINS.linkerd,
    url: (v, p) => `https://github.com/linkerd/linkerd2/releases/download/${v}/${linkerdAsset(v, p)}`,
    // No .sha256 files since edge-25.9.4 (linkerd/linkerd2#14511): GitHub computes a SHA-256 digest
    // for every release asset and serves it as `digest` in the releases API (docs/pins.md).
    checksumUrl: (v) => `https://api.github.com/repos/linkerd/linkerd2/releases/tags/${v}`,
    verifyCommand: (v, p) =>
      `curl -fsSL https://api.github.com/repos/linkerd/linkerd2/releases/tags/${v} | jq -r '.assets[] | select(.name == "${linkerdAsset(v, p)}") | .digest'`,
    archive: () => ({ type: 'binary' }),
    versionArgs: ['version', '--client', '--short'],
    parseVersion: (out) => /(edge-\d+\.\d+\.\d+)/.exec(out)?.[1] ?? null,
    digests: {},
  },
  cilium: {
    defaultVersion: MESH_PINS.ciliumCli,
    url: (v, p) => `https://github.com/cilium/cilium-cli/releases/download/${v}/cilium-${platformKey(p)}.tar.gz`,
    checksumUrl: (v, p) => `https://github.com/cilium/cilium-cli/releases/download/${v}/cilium-${platformKey(p)}.tar.gz.sha256sum`,
    verifyCommand: (v, p) => `curl -fsSL https://github.com/cilium/cilium-cli/releases/download/${v}/cilium-${platformKey(p)}.tar.gz.sha256sum`,
    archive: () => ({ type: 'tar.gz', member: 'cilium' }),
    versionArgs: ['version', '--client'],
    parseVersion: (out) => /cilium-cli:\s*(v\d+\.\d+\.\d+)/.exec(out)?.[1] ?? null,
    digests: {},
  },
  helm: {
    defaultVersion: HELM_PIN.version,
    url: (v, p) => `https://get.helm.sh/helm-${v}-${platformKey(p)}.tar.gz`,
    checksumUrl: (v, p) => `https://get.helm.sh/helm-${v}-${platformKey(p)}.tar.gz.sha256sum`,
    verifyCommand: (v, p) => `curl -fsSL https://get.helm.sh/helm-${v}-${platformKey(p)}.tar.gz.sha256sum`,
    archive: (_v, p) => ({ type: 'tar.gz', member: `${platformKey(p)}/helm` }),
    versionArgs: ['version', '--short'],
    parseVersion: (out) => /(v\d+\.\d+\.\d+)/.exec(out)?.[1] ?? null,
    digests: {
      // get.helm.sh/helm-v3.18.4-linux-amd64.tar.gz.sha256sum (as mirrored in argoproj/argo-cd hack/installers/checksums).
      'v3.18.4/linux-amd64': 'f8180838c23d7c7d797b208861fecb591d9ce1690d8704ed1e4cb8e2add966c1',
    },
  },
};

/** True for the tools `bench tools install` knows. */
export function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name);
}

/** The version `bench tools install <tool>` installs by default (the targets' pins). */
export function pinnedToolVersion(tool: ToolName): string {
  return SPECS[tool].defaultVersion;
}

/** The release of a tool at a version for a platform, with its pinned digest if any. */
export function toolRelease(options: { tool: ToolName; version?: string | undefined; platform: ToolPlatform }): ToolRelease {
  const spec = SPECS[options.tool];
  const version = options.version ?? spec.defaultVersion;
  return {
    tool: options.tool,
    version,
    platform: options.platform,
    url: spec.url(version, options.platform),
    checksumUrl: spec.checksumUrl(version, options.platform),
    verifyCommand: spec.verifyCommand(version, options.platform),
    archive: spec.archive(version, options.platform),
    sha256: spec.digests[`${version}/${platformKey(options.platform)}`] ?? null,
  };
}

/** How to ask a tool for its client version, and how to read the answer. */
export function toolVersionProbe(tool: ToolName): { args: string[]; parse: (output: string) => string | null } {
  return { args: SPECS[tool].versionArgs, parse: SPECS[tool].parseVersion };
}
