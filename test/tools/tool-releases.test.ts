import { describe, expect, it } from 'vitest';
import { isToolName, pinnedToolVersion, TOOL_NAMES, toolRelease, toolVersionProbe } from '../../src/tools/tool-releases.ts';

const LINUX = { os: 'linux', arch: 'amd64' } as const;

describe('tool releases', () => {
  it('pins the release URLs of every tool and the published helm digest', () => {
    expect(toolRelease({ tool: 'istioctl', platform: LINUX }).url).toBe('https://github.com/istio/istio/releases/download/1.30.3/istioctl-1.30.3-linux-amd64.tar.gz');
    expect(toolRelease({ tool: 'istioctl', platform: { os: 'darwin', arch: 'arm64' } }).url).toBe(
      'https://github.com/istio/istio/releases/download/1.30.3/istioctl-1.30.3-osx-arm64.tar.gz',
    );
    expect(toolRelease({ tool: 'linkerd', platform: LINUX }).url).toBe('https://github.com/linkerd/linkerd2/releases/download/edge-26.8.3/linkerd2-cli-edge-26.8.3-linux-amd64');
    expect(toolRelease({ tool: 'cilium', platform: LINUX }).url).toBe('https://github.com/cilium/cilium-cli/releases/download/v0.19.7/cilium-linux-amd64.tar.gz');
    const helm = toolRelease({ tool: 'helm', platform: LINUX });
    expect(helm).toMatchObject({
      url: 'https://get.helm.sh/helm-v3.18.4-linux-amd64.tar.gz',
      archive: { type: 'tar.gz', member: 'linux-amd64/helm' },
      sha256: 'f8180838c23d7c7d797b208861fecb591d9ce1690d8704ed1e4cb8e2add966c1',
    });
    expect(toolRelease({ tool: 'istioctl', version: '1.27.9', platform: LINUX }).sha256).toBeNull();
  });

  it('knows its tools by name and installs the targets\' pins by default', () => {
    expect(TOOL_NAMES.every(isToolName)).toBe(true);
    expect(isToolName('kubectl')).toBe(false);
    expect(toolRelease({ tool: 'istioctl', platform: LINUX }).version).toBe(pinnedToolVersion('istioctl'));
  });

  it('asks each tool for its client version and reads the answer', () => {
    expect(toolVersionProbe('helm').args.length).toBeGreaterThan(0);
    expect(toolVersionProbe('istioctl').parse('client version: 1.30.3\n')).toBe('1.30.3');
    expect(toolVersionProbe('istioctl').parse('nothing here')).toBeNull();
  });
});
