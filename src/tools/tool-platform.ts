/** The OS/architecture pair release artifacts are published for. */
import { HarnessError } from '../errors.ts';

export interface ToolPlatform {
  os: 'linux' | 'darwin';
  arch: 'amd64' | 'arm64';
}

/** The platform of this process (`process.platform`/`process.arch`), or a usage error. */
export function currentToolPlatform(platform: string = process.platform, arch: string = process.arch): ToolPlatform {
  const os = platform === 'linux' ? 'linux' : platform === 'darwin' ? 'darwin' : null;
  const cpu = arch === 'x64' ? 'amd64' : arch === 'arm64' ? 'arm64' : null;
  if (!os || !cpu) {
    throw new HarnessError('USAGE', `no pinned CLI downloads for ${platform}/${arch}`, { hint: 'install the mesh CLIs by hand and put them on PATH' });
  }
  return { os, arch: cpu };
}

/** `linux-amd64`. */
export function platformKey(platform: ToolPlatform): string {
  return `${platform.os}-${platform.arch}`;
}
