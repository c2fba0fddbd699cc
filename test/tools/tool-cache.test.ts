import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedToolPath, isToolCached, toolsCacheRoot } from '../../src/tools/tool-cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-tool-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tool cache', () => {
  it('lives under $XDG_CACHE_HOME, else ~/.cache', () => {
    expect(toolsCacheRoot({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe('/x/cache/meshbench/tools');
    expect(toolsCacheRoot({ XDG_CACHE_HOME: '', HOME: '/home/u' })).toBe('/home/u/.cache/meshbench/tools');
  });

  it('keeps one binary per tool and version', () => {
    const at = { root: dir, tool: 'istioctl', version: '1.28.0' };
    expect(cachedToolPath(at)).toBe(join(dir, 'istioctl', '1.28.0', 'istioctl'));
    expect(isToolCached(at)).toBe(false);
    mkdirSync(join(dir, 'istioctl', '1.28.0'), { recursive: true });
    writeFileSync(cachedToolPath(at), '#!/bin/sh\n');
    expect(isToolCached(at)).toBe(true);
    expect(isToolCached({ ...at, version: '1.29.0' })).toBe(false);
  });
});
