import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_GATE_NAME, readGateSource } from '../../../src/compare/gate/gate-source.ts';
import { ConfigError, HarnessError } from '../../../src/errors.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'meshbench-gate-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readGateSource', () => {
  it('reads the shipped default gate as text, without parsing it', () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const source = readGateSource(DEFAULT_GATE_NAME, cwd);
    expect(source.file).toBe(join(ROOT, 'gates/default.yaml'));
    expect(source.text).toBe(readFileSync(join(ROOT, 'gates/default.yaml'), 'utf8'));
  });

  it('prefers ./gates of the working directory and shows that path relative to it', () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    mkdirSync(join(cwd, 'gates'));
    writeFileSync(join(cwd, 'gates/default.yaml'), 'not: parsed: here');
    expect(readGateSource(DEFAULT_GATE_NAME, cwd)).toEqual({ file: 'gates/default.yaml', text: 'not: parsed: here' });
  });

  it('names unknown gates with the known ones, and an unreadable path', () => {
    expect(() => readGateSource('nope', ROOT)).toThrow(HarnessError);
    expect(() => readGateSource('nope', ROOT)).toThrow(/unknown gate "nope"/);
    const folder = join(dir, 'folder.yaml');
    mkdirSync(folder);
    expect(() => readGateSource(folder, '/')).toThrow(ConfigError);
  });
});
