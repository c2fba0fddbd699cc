import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_GATE_NAME, loadGateConfig, parseGateConfig } from '../../../src/compare/gate/gate-file.ts';
import { ConfigError, HarnessError } from '../../../src/errors.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'meshbench-gate-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gates/default.yaml', () => {
  const { gate } = loadGateConfig('default', ROOT);

  it('follows the reference defaults (but α 0.01, its advice for ≤ 1 % false alarms), 95 % intervals, p99 primary at every level', () => {
    expect(gate.familyAlpha).toBe(0.01);
    expect(gate.ciLevel).toBe(0.95);
    expect(gate.checks.find((c) => c.metric === 'latency-p99')).toMatchObject({ role: 'primary', levels: 'all', fail: 3, mde: 5, critical: 20 });
  });

  it('gates data-plane CPU and memory, achieved rate and error rate as primary; p50/p90 secondary; p99.9 advisory', () => {
    const role = (metric: string) => gate.checks.find((c) => c.metric === metric)?.role;
    expect(role('dataplane-vcpu-per-1k-rps')).toBe('primary');
    expect(role('dataplane-memory-per-instance')).toBe('primary');
    expect(role('achieved-rps')).toBe('primary');
    expect(role('error-pct')).toBe('primary');
    expect(role('latency-p50')).toBe('secondary');
    expect(role('latency-p90')).toBe('secondary');
    expect(role('latency-p999')).toBe('advisory');
    expect(gate.checks.find((c) => c.metric === 'error-pct')).toMatchObject({ effectUnit: 'pp', fail: 0.05 });
    expect(gate.checks.find((c) => c.metric === 'achieved-rps')?.direction).toBe('higher-is-better');
  });
});

describe('loadGateConfig', () => {
  it('names unknown gates with the known ones', () => {
    expect(() => loadGateConfig('nope', ROOT)).toThrow(HarnessError);
    try {
      loadGateConfig('nope', ROOT);
    } catch (err) {
      expect((err as HarnessError).hint).toContain('default');
    }
  });

  it('finds a name in ./gates of the working directory before the shipped gates, and shows the path relative to it', () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const shipped = loadGateConfig(DEFAULT_GATE_NAME, cwd);
    expect(shipped.file).toBe(join(ROOT, 'gates/default.yaml'));
    const local = join(cwd, 'gates');
    mkdirSync(local);
    writeFileSync(join(local, 'default.yaml'), 'apiVersion: meshbench/v1alpha1\nkind: Gate\nname: mine\nchecks:\n  - { id: p99, metric: latency-p99, role: primary, failPct: 7 }\n');
    const mine = loadGateConfig(DEFAULT_GATE_NAME, cwd);
    expect(mine.file).toBe('gates/default.yaml');
    expect(mine.gate.name).toBe('mine');
    expect(mine.gate.checks[0]?.fail).toBe(7);
  });

  it('loads a path as is; an unreadable one is a ConfigError naming it', () => {
    const file = join(dir, 'g.yaml');
    writeFileSync(file, 'apiVersion: meshbench/v1alpha1\nkind: Gate\nname: by-path\nchecks:\n  - { id: p99, metric: latency-p99, role: primary, failPct: 3 }\n');
    expect(loadGateConfig(file, '/').gate.name).toBe('by-path');
    const folder = join(dir, 'folder.yaml');
    mkdirSync(folder);
    expect(() => loadGateConfig(folder, '/')).toThrow(ConfigError);
  });
});

describe('parseGateConfig', () => {
  it('names the file and line of a problem', () => {
    expect(() => parseGateConfig({ file: 'mine.yaml', text: 'apiVersion: meshbench/v1alpha1\nkind: Gate\nname: x\nchecks: 3\n' })).toThrow(/^mine\.yaml:4/);
  });
});
