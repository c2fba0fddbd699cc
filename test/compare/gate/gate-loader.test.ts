import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GateConfig } from '../../../src/compare/gate/gate-config.ts';
import { loadGateConfig } from '../../../src/compare/gate/gate-file.ts';
import { loadGate, shippedGateFor } from '../../../src/compare/gate/gate-loader.ts';
import type { ShippedGate } from '../../../src/compare/gate/shipped-gate-table.ts';
import { ConfigError, HarnessError } from '../../../src/errors.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'meshbench-gate-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shippedText = readFileSync(join(ROOT, 'gates/default.yaml'), 'utf8');
// A marker gate: when loadGate returns it, it came from the table, not from parsing the file.
const marker = { ...loadGateConfig('default', ROOT).gate, name: 'from-the-table' } as GateConfig;
const table: ShippedGate[] = [{ text: shippedText, gate: marker }];

describe('shippedGateFor', () => {
  it('takes a pre-parsed gate only for exactly the text it was parsed from', () => {
    expect(shippedGateFor(shippedText, table)).toBe(marker);
    expect(shippedGateFor(`${shippedText}\n`, table)).toBeUndefined();
    expect(shippedGateFor(shippedText.replace('familyAlpha: 0.01', 'familyAlpha: 0.05'), table)).toBeUndefined();
    expect(shippedGateFor(shippedText, [])).toBeUndefined();
  });
});

describe('loadGate', () => {
  it('gives what loadGateConfig gives when nothing is pre-parsed (the sources)', async () => {
    expect(await loadGate('default', ROOT, [])).toStrictEqual(loadGateConfig('default', ROOT));
  });

  it('uses the pre-parsed gate when the file is the shipped text, with the same path shown', async () => {
    const loaded = await loadGate('default', ROOT, table);
    expect(loaded.gate).toBe(marker);
    expect(loaded.file).toBe(loadGateConfig('default', ROOT).file);
  });

  it('parses an edited default gate in ./gates, not the pre-parsed one', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    mkdirSync(join(cwd, 'gates'));
    writeFileSync(join(cwd, 'gates/default.yaml'), shippedText.replace('familyAlpha: 0.01', 'familyAlpha: 0.05'));
    const loaded = await loadGate('default', cwd, table);
    expect(loaded.file).toBe('gates/default.yaml');
    expect(loaded.gate.name).toBe('default');
    expect(loaded.gate.familyAlpha).toBe(0.05);
    expect(loaded).toStrictEqual(loadGateConfig('default', cwd));
  });

  it('reports the same errors: an unknown name, a bad field with its file and line', async () => {
    await expect(loadGate('nope', ROOT, table)).rejects.toThrow(HarnessError);
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: meshbench/v1alpha1\nkind: Gate\nname: x\nchecks: 3\n');
    await expect(loadGate(file, '/', table)).rejects.toThrow(ConfigError);
    await expect(loadGate(file, '/', table)).rejects.toThrow(/bad\.yaml:4/);
  });
});
