/** Maps a platform name to its Platform. */
import type { PlatformName } from '../config/target-schema.ts';
import { existingPlatform } from './existing/index.ts';
import { kindPlatform } from './kind/index.ts';
import { localPlatform } from './local/index.ts';
import type { Platform } from './platform.ts';

const PLATFORMS: Record<PlatformName, Platform> = {
  kind: kindPlatform,
  existing: existingPlatform,
  local: localPlatform,
};

export function platformFor(name: PlatformName): Platform {
  return PLATFORMS[name];
}
