import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Scenario, ScenarioSchema } from '../../src/config/scenario-schema.ts';
import { resolveScenarioFiles } from '../../src/config/scenario-files.ts';
import { ConfigError } from '../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-scenario-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'server.crt'), 'x');
writeFileSync(join(dir, 'server.key'), 'x');
mkdirSync(join(dir, 'certs'));
writeFileSync(join(dir, 'certs', 'ca.crt'), 'x');

const TEXT = `apiVersion: meshbench/v1alpha1
kind: Scenario
name: t
requests: [{ name: get, method: GET, path: "/orders/{id}" }]
load:
  levels: [{ rps: 10 }]
  duration: 1s
  tls:
    serverCertFile: server.crt
    serverKeyFile: server.key
    caFile: CA
`;

function scenario(caFile: string): { spec: Scenario; text: string } {
  const text = TEXT.replace('CA', caFile);
  const spec = ScenarioSchema.parse({
    apiVersion: 'meshbench/v1alpha1',
    kind: 'Scenario',
    name: 't',
    requests: [{ name: 'get', method: 'GET', path: '/orders/{id}' }],
    load: { levels: [{ rps: 10 }], duration: '1s', tls: { serverCertFile: 'server.crt', serverKeyFile: 'server.key', caFile } },
  });
  return { spec, text };
}

describe('resolveScenarioFiles', () => {
  it('reads relative paths from the scenario file\'s folder, keeps absolute ones, and leaves a scenario without load.tls as it is', () => {
    const { spec, text } = scenario('certs/ca.crt');
    const out = resolveScenarioFiles({ spec, file: join(dir, 's.yaml'), shownFile: 's.yaml', text });
    expect(out.load.tls).toEqual({ serverCertFile: join(dir, 'server.crt'), serverKeyFile: join(dir, 'server.key'), caFile: join(dir, 'certs', 'ca.crt') });
    const abs = scenario(join(dir, 'certs', 'ca.crt'));
    expect(resolveScenarioFiles({ spec: abs.spec, file: join(dir, 's.yaml'), shownFile: 's.yaml', text: abs.text }).load.tls?.caFile).toBe(join(dir, 'certs', 'ca.crt'));
    const plain = { ...spec, load: { ...spec.load, tls: undefined } };
    expect(resolveScenarioFiles({ spec: plain, file: join(dir, 's.yaml'), shownFile: 's.yaml', text })).toBe(plain);
  });

  it('refuses a missing file, a folder and an unreadable file at the field\'s line', () => {
    for (const [caFile, problem] of [
      ['nope.crt', /ENOENT/],
      ['certs', /is not a file/],
    ] as const) {
      const { spec, text } = scenario(caFile);
      let err: unknown;
      try {
        resolveScenarioFiles({ spec, file: join(dir, 's.yaml'), shownFile: 'scenarios/s.yaml', text });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues).toEqual([{ file: 'scenarios/s.yaml', line: 11, column: 13, path: 'load.tls.caFile', message: expect.stringMatching(problem) }]);
    }
    if (process.getuid?.() !== 0) {
      writeFileSync(join(dir, 'locked.crt'), 'x');
      chmodSync(join(dir, 'locked.crt'), 0o000);
      const { spec, text } = scenario('locked.crt');
      expect(() => resolveScenarioFiles({ spec, file: join(dir, 's.yaml'), shownFile: 's.yaml', text })).toThrow(/load.tls.caFile: locked.crt .*EACCES/);
    }
  });
});
