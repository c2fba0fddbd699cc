import { describe, expect, it } from 'vitest';
import { currentToolPlatform, platformKey } from '../../src/tools/tool-platform.ts';

describe('tool platform', () => {
  it('maps Node platform and arch to release names', () => {
    expect(currentToolPlatform('linux', 'x64')).toEqual({ os: 'linux', arch: 'amd64' });
    expect(currentToolPlatform('darwin', 'arm64')).toEqual({ os: 'darwin', arch: 'arm64' });
    expect(platformKey({ os: 'linux', arch: 'arm64' })).toBe('linux-arm64');
  });

  it('refuses platforms without pinned downloads with a usage error', () => {
    expect(() => currentToolPlatform('win32', 'x64')).toThrow(expect.objectContaining({ code: 'USAGE', message: 'no pinned CLI downloads for win32/x64' }));
    expect(() => currentToolPlatform('linux', 'ia32')).toThrow(/no pinned CLI downloads for linux\/ia32/);
  });
});
