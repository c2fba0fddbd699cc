import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { existingConfigPath, isConfigPath, PACKAGE_ROOT } from '../../src/config/config-paths.ts';
import { ConfigError } from '../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-config-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PACKAGE_ROOT', () => {
  it('is the package root, which holds the shipped scenarios, clusters and gates', () => {
    expect(PACKAGE_ROOT).toBe(new URL('../../', import.meta.url).pathname.replace(/\/$/, ''));
    for (const folder of ['scenarios', 'clusters', 'gates']) expect(existsSync(join(PACKAGE_ROOT, folder)), folder).toBe(true);
  });
});

describe('isConfigPath', () => {
  it('takes a .yaml/.yml ending or a slash as a path, anything else as a name', () => {
    expect(isConfigPath('default')).toBe(false);
    expect(isConfigPath('my.yaml')).toBe(true);
    expect(isConfigPath('my.yml')).toBe(true);
    expect(isConfigPath('gates/default')).toBe(true);
  });
});

describe('existingConfigPath', () => {
  it('resolves against the working directory; a missing file is "file not found", another failure is named', () => {
    mkdirSync(join(dir, 'cfg'));
    expect(existingConfigPath('cfg', dir)).toBe(join(dir, 'cfg'));
    expect(() => existingConfigPath('nope.yaml', dir)).toThrow(ConfigError);
    expect(() => existingConfigPath('nope.yaml', dir)).toThrow(/nope\.yaml.*file not found/);
    symlinkSync('loop.yaml', join(dir, 'loop.yaml'));
    expect(() => existingConfigPath('loop.yaml', dir)).toThrow(/loop\.yaml.*cannot read: /);
  });
});
