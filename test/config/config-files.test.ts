import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listConfigNames, loadScenario, loadTarget, validateConfigFile } from '../../src/config/config-files.ts';
import { ConfigError, HarnessError } from '../../src/errors.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir('meshbench-config-');
function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const GOOD = `apiVersion: meshbench/v1alpha1
kind: Scenario
name: tiny
requests:
  - { name: get, method: GET, path: "/orders/{id}" }
load:
  levels: [{ rps: 100 }]
  duration: 2s
`;

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('scenario files', () => {
  it('resolves defaults and units', () => {
    const s = loadScenario(write('tiny.yaml', GOOD), dir).spec;
    expect(s.load).toMatchObject({ durationMs: 2_000, warmupMs: 10_000, timeoutMs: 5_000, repetitions: 3, engine: 'open', connections: 16 });
    expect(s.workload.addedDelayMs).toBe(0);
    expect(s.features).toEqual({
      mtls: 'strict',
      authz: 'off',
      retries: null,
      timeouts: null,
      accessLog: false,
      upstreamHttp2: false,
      telemetry: null,
      trafficSplit: null,
      outlierDetection: null,
      configScope: null,
    });
  });

  it('names file, line, column and field for a misspelled field', () => {
    const issues = issuesOf(() => loadScenario(write('typo.yaml', GOOD.replace('duration: 2s', 'duraton: 2s')), dir));
    const unknown = issues.find((i) => i.message.includes('unknown field'));
    expect(unknown).toMatchObject({ line: 8, path: 'load', message: 'unknown field "duraton"' });
    expect(issues.some((i) => i.path === 'load.duration')).toBe(true);
  });

  it('rejects a negative rate at its line', () => {
    const issues = issuesOf(() => loadScenario(write('neg.yaml', GOOD.replace('rps: 100', 'rps: -5')), dir));
    expect(issues).toEqual([expect.objectContaining({ path: 'load.levels.0.rps', line: 7, message: expect.stringContaining('positive') })]);
  });

  it('reports YAML syntax errors with their position', () => {
    const issues = issuesOf(() => loadScenario(write('syntax.yaml', 'kind: Scenario\nname: [unclosed\n'), dir));
    expect(issues[0]?.message).toMatch(/YAML syntax/);
    expect(issues[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('lists every issue, sorted by line', () => {
    const bad = GOOD.replace('method: GET', 'method: PUT').replace('duration: 2s', 'duration: soon');
    const issues = issuesOf(() => loadScenario(write('many.yaml', bad), dir));
    expect(issues.map((i) => i.path)).toEqual(['requests.0.method', 'load.duration']);
  });

  it('an unknown name is a usage error listing the known ones', () => {
    expect(() => loadScenario('nope', dir)).toThrow(HarnessError);
    try {
      loadScenario('nope', dir);
    } catch (err) {
      expect((err as HarnessError).hint).toContain('smoke');
      expect((err as HarnessError).exitCode).toBe(2);
    }
  });
});

describe('shipped configuration', () => {
  it('every shipped scenario and target validates', () => {
    const scenarios = listConfigNames('scenario');
    const targets = listConfigNames('target');
    expect(scenarios).toEqual(expect.arrayContaining(['smoke', 'default', 'istio-published']));
    expect(targets).toEqual(expect.arrayContaining(['baseline', 'proxy-mtls']));
    for (const s of scenarios) expect(() => loadScenario(s)).not.toThrow();
    for (const t of targets) expect(() => loadTarget(t)).not.toThrow();
  });

  it('istio-published mirrors Istio\'s published setup', () => {
    const s = loadScenario('istio-published').spec;
    expect(s.workload.responseBytes).toBe(1024);
    expect(s.load.levels).toEqual([{ rps: 1000 }]);
    expect(s.load.connections).toBe(4);
    expect(s.features.mtls).toBe('strict');
  });

  it('validate picks the schema from kind:', () => {
    expect(validateConfigFile('clusters/proxy-mtls.yaml')).toEqual({ kind: 'Target', name: 'proxy-mtls' });
    const file = write('weird.yaml', 'apiVersion: meshbench/v1alpha1\nkind: Cluster\n');
    expect(() => validateConfigFile(file)).toThrow(/unknown kind "Cluster"/);
  });
});
