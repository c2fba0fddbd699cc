import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/config-files.ts';
import { durationProblem, MAX_TIMER_MS } from '../../src/config/duration.ts';
import { ConfigError, exitCodeOf } from '../../src/errors.ts';
import { runBench } from '../helpers/cli-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
  repetitions: 3
`;

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect(exitCodeOf(err)).toBe(2);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('durations that cannot work are refused with file:line and field', () => {
  it.each([
    ['duration: 2s', 'duration: 0s', 'load.duration', 8, 'must be longer than zero'],
    ['duration: 2s', 'duration: 500us', 'load.duration', 8, 'must be at least 1ms'],
    ['duration: 2s', 'duration: 25d', 'load.duration', 8, 'is not a duration'],
    ['duration: 2s', 'duration: 600h', 'load.duration', 8, `must be at most ${MAX_TIMER_MS} ms`],
    ['duration: 2s', 'duration: 2s\n  timeout: 0ms', 'load.timeout', 9, 'must be longer than zero'],
    ['duration: 2s', 'duration: 2s\n  timeout: 999h', 'load.timeout', 9, 'does not fit a timer'],
    ['duration: 2s', 'duration: 2s\n  warmup: 597h', 'load.warmup', 9, 'does not fit a timer'],
  ])('%s → %j', (from, to, path, line, message) => {
    const issues = issuesOf(() => loadScenario(write('d.yaml', GOOD.replace(from, to)), dir));
    expect(issues).toEqual([expect.objectContaining({ path, line, message: expect.stringContaining(message) })]);
  });

  it('a zero warm-up is allowed (no warm-up), as is a zero added delay', () => {
    const s = loadScenario(write('w.yaml', GOOD.replace('duration: 2s', 'duration: 2s\n  warmup: 0s')), dir).spec;
    expect(s.load.warmupMs).toBe(0);
    expect(s.workload.addedDelayMs).toBe(0);
  });

  it('the rule is shared with the CLI options', () => {
    expect(durationProblem(0, { allowZero: false })).toBe('must be longer than zero');
    expect(durationProblem(0, { allowZero: true })).toBeNull();
    expect(durationProblem(MAX_TIMER_MS, { allowZero: false })).toBeNull();
    expect(durationProblem(MAX_TIMER_MS + 1, { allowZero: false })).toMatch(/at most 2147483647 ms/);
  });

  it.each([
    [['load', 'http://127.0.0.1:9/', '--rate', '5', '-d', '0s'], /option '-d, --duration <duration>' argument '0s' is invalid\. must be longer than zero/],
    [['load', 'http://127.0.0.1:9/', '--rate', '5', '-t', '0s'], /option '-t, --timeout <duration>' argument '0s' is invalid\. must be longer than zero/],
    [['load', 'http://127.0.0.1:9/', '--rate', '5', '-d', '25d'], /must be a duration with a unit/],
    [['load', 'http://127.0.0.1:9/', '--rate', '5', '-d', '600h'], /must be at most 2147483647 ms/],
  ])('bench %j exits 2', async (args, message) => {
    const run = await runBench(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message as RegExp);
  });
});

describe('request paths', () => {
  it.each([
    ['"/orders/{id}\\r\\nX-Injected: 1"', 'CR/LF'],
    ['"/orders/{id}\\tx"', 'tab'],
    ['"/orders/ {id}"', 'space'],
    ['"/orders/\\u0000"', 'NUL'],
  ])('%s (%s) is refused at its line', (path) => {
    const issues = issuesOf(() => loadScenario(write('p.yaml', GOOD.replace('"/orders/{id}"', path)), dir));
    expect(issues).toEqual([
      expect.objectContaining({ path: 'requests.0.path', line: 5, message: expect.stringContaining('must not contain spaces or control characters') }),
    ]);
  });
});

describe('YAML alias bomb', () => {
  it('is refused as bad configuration naming the file (exit 2), not a crash', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) {
      const prev = 'abcdefg'[i] as string;
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const file = write('bomb.yaml', `apiVersion: meshbench/v1alpha1\nkind: Scenario\n${levels.join('\n')}\n`);
    const run = await runBench(['validate', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${file}:1:1 YAML aliases expand too far`);
    expect(run.stderr).not.toMatch(/this is a bug/);
  });
});

describe('level validity rule', () => {
  it('defaults to at least 1 valid repetition and at most 20 % invalid per level', () => {
    const s = loadScenario(write('v.yaml', GOOD), dir).spec;
    expect(s.validity).toMatchObject({ minValidRepetitions: 1, maxInvalidPct: 20 });
  });

  it('is settable, and a minimum the repetitions cannot reach is refused at its line', () => {
    const s = loadScenario(write('v2.yaml', `${GOOD}validity:\n  minValidRepetitions: 3\n  maxInvalidPct: 0\n`), dir).spec;
    expect(s.validity).toMatchObject({ minValidRepetitions: 3, maxInvalidPct: 0 });
    const issues = issuesOf(() => loadScenario(write('v3.yaml', `${GOOD}validity:\n  minValidRepetitions: 4\n`), dir));
    expect(issues).toEqual([
      expect.objectContaining({ path: 'validity.minValidRepetitions', line: 11, message: '4 valid repetitions can never be reached with load.repetitions 3' }),
    ]);
  });
});

describe('load.protocol and load.maxStreams', () => {
  it('are absent unless written (HTTP/1.1; the content hash of older scenarios stays); h2c, h2 (with load.tls) and grpc are accepted', () => {
    const load = loadScenario(write('p0.yaml', GOOD), dir).spec.load;
    expect('protocol' in load || 'maxStreams' in load).toBe(false);
    for (const protocol of ['h2c', 'h2', 'grpc']) {
      const tls = protocol === 'h2' ? '\n  tls: {}' : '';
      const s = loadScenario(write(`p-${protocol}.yaml`, GOOD.replace('duration: 2s', `duration: 2s\n  protocol: ${protocol}\n  maxStreams: 32${tls}`)), dir).spec;
      expect(s.load).toMatchObject({ protocol, maxStreams: 32 });
    }
  });

  it.each([
    ['protocol: http3', 'load.protocol', 'Invalid option'],
    ['protocol: H2C', 'load.protocol', 'Invalid option'],
    ['maxStreams: 0', 'load.maxStreams', 'Too small'],
    ['maxStreams: 2.5', 'load.maxStreams', 'expected int'],
    ['maxStreams: 1001', 'load.maxStreams', 'Too big'],
  ])('%s is refused at its line, naming the field', (line, path, message) => {
    const issues = issuesOf(() => loadScenario(write('pb.yaml', GOOD.replace('duration: 2s', `duration: 2s\n  ${line}`)), dir));
    expect(issues).toEqual([expect.objectContaining({ path, line: 9, message: expect.stringContaining(message) })]);
  });

  it('with grpc, a request that is not an order route is refused at its path', () => {
    const yaml = GOOD.replace('duration: 2s', 'duration: 2s\n  protocol: grpc').replace(
      '  - { name: get, method: GET, path: "/orders/{id}" }',
      '  - { name: get, method: GET, path: "/orders/{id}" }\n  - { name: health, method: GET, path: /healthz }',
    );
    const issues = issuesOf(() => loadScenario(write('pg.yaml', yaml), dir));
    expect(issues).toEqual([expect.objectContaining({ path: 'requests.1.path', line: 6, message: expect.stringContaining('GET /healthz has no gRPC method') })]);
  });

  it('the shipped h2 and grpc scenarios load', () => {
    expect(loadScenario('scenarios/h2.yaml', process.cwd()).spec.load).toMatchObject({ protocol: 'h2c', maxStreams: 8 });
    expect(loadScenario('scenarios/grpc.yaml', process.cwd()).spec.load).toMatchObject({ protocol: 'grpc', maxStreams: 8 });
  });
});

describe('workload topology and idle services', () => {
  it('are absent unless written, so older scenarios keep their content hash; fan-out defaults to 3 services', () => {
    const plain = loadScenario(write('t0.yaml', GOOD), dir).spec.workload;
    expect([plain.topology, plain.fanOut, plain.idleServices]).toEqual([undefined, undefined, undefined]);
    const chain = loadScenario(write('t1.yaml', `${GOOD}workload:\n  topology: chain\n  idleServices: 0\n`), dir).spec.workload;
    expect([chain.topology, chain.fanOut, chain.idleServices]).toEqual([undefined, undefined, undefined]);
    const fan = loadScenario(write('t2.yaml', `${GOOD}workload:\n  topology: fan-out\n  idleServices: 50\n`), dir).spec.workload;
    expect([fan.topology, fan.fanOut, fan.idleServices]).toEqual(['fan-out', 3, 50]);
    const sweep = loadScenario(write('t3.yaml', `${GOOD}workload:\n  idleServices: [0, 50, 500]\n`), dir).spec.workload;
    expect(sweep.idleServices).toEqual([0, 50, 500]);
  });

  it.each([
    ['  fanOut: 4', 'workload.fanOut', 11, 'fanOut goes with topology: fan-out, not topology: chain (the default)'],
    ['  topology: fan-out\n  chainDepth: 3', 'workload.chainDepth', 12, 'chainDepth 3 goes with topology: chain'],
    ['  topology: fan-out\n  fanOut: 17', 'workload.fanOut', 12, '<=16'],
    ['  topology: star', 'workload.topology', 11, '"chain"'],
    ['  idleServices: [0, 50, 50]', 'workload.idleServices.2', 11, 'strictly ascending (50 then 50)'],
    ['  idleServices: [100]', 'workload.idleServices', 11, 'two or more values'],
    ['  idleServices: 2001', 'workload.idleServices', 11, '2000'],
  ])('%j is refused at its line, naming the field', (lines, path, line, message) => {
    const issues = issuesOf(() => loadScenario(write('tb.yaml', `${GOOD}workload:\n${lines}\n`), dir));
    expect(issues).toEqual([expect.objectContaining({ path, line, message: expect.stringContaining(message) })]);
  });
});

describe('load.tls', () => {
  const withTls = (name: string, tls: string, extra = '') => write(name, GOOD.replace('duration: 2s', `duration: 2s\n  tls:\n${tls}`) + extra);
  const pki = ['ca.pem', 'server.pem', 'server.key', 'client.pem', 'client.key'];
  for (const f of pki) writeFileSync(join(dir, f), 'PEM\n');

  it('is absent unless written; an empty block asks the run to issue the certificates', () => {
    expect('tls' in loadScenario(write('t0.yaml', GOOD), dir).spec.load).toBe(false);
    expect(loadScenario(write('t1.yaml', GOOD.replace('duration: 2s', 'duration: 2s\n  tls: {}')), dir).spec.load.tls).toEqual({});
  });

  it('own certificates: relative paths are read from the scenario file\'s folder and made absolute', () => {
    const file = withTls(
      't2.yaml',
      ['    servername: orders.example.test', '    serverCertFile: server.pem', '    serverKeyFile: server.key', '    caFile: ca.pem', '    requireClientCertificate: true', '    certFile: client.pem', '    keyFile: client.key', '    clientCaFile: ca.pem'].join('\n'),
    );
    const tls = loadScenario(file, '/').spec.load.tls;
    expect(tls).toEqual({
      servername: 'orders.example.test',
      serverCertFile: join(dir, 'server.pem'),
      serverKeyFile: join(dir, 'server.key'),
      caFile: join(dir, 'ca.pem'),
      requireClientCertificate: true,
      certFile: join(dir, 'client.pem'),
      keyFile: join(dir, 'client.key'),
      clientCaFile: join(dir, 'ca.pem'),
    });
  });

  it('a missing file is refused at its line, naming the field and the path', () => {
    const file = withTls('t3.yaml', ['    serverCertFile: server.pem', '    serverKeyFile: nope.key', '    caFile: ca.pem'].join('\n'));
    const issues = issuesOf(() => loadScenario(file, dir));
    expect(issues).toEqual([expect.objectContaining({ file: 't3.yaml', line: 11, path: 'load.tls.serverKeyFile', message: expect.stringMatching(/^nope\.key \(.*\/nope\.key\): ENOENT/) })]);
  });

  it.each([
    ['    servername: 127.0.0.1', 'load.tls.servername', /DNS host name/],
    ['    servername: "a b"', 'load.tls.servername', /DNS host name/],
    ['    serverCertFile: server.pem', 'load.tls.serverCertFile', /needs serverKeyFile/],
    ['    caFile: ca.pem', 'load.tls.caFile', /goes with serverCertFile and serverKeyFile/],
    ['    serverCertFile: server.pem\n    serverKeyFile: server.key', 'load.tls.serverCertFile', /the agents need caFile \(the CA that signed it\), or insecure: true/],
    ['    serverCertFile: server.pem\n    serverKeyFile: server.key\n    insecure: true\n    caFile: ca.pem', 'load.tls.caFile', /not read with insecure: true/],
    ['    serverCertFile: server.pem\n    serverKeyFile: server.key\n    caFile: ca.pem\n    requireClientCertificate: true\n    certFile: client.pem\n    keyFile: client.key', 'load.tls.clientCaFile', /requireClientCertificate: true with your own certificates needs clientCaFile/],
    ['    serverCertFile: server.pem\n    serverKeyFile: server.key\n    caFile: ca.pem\n    certFile: client.pem\n    keyFile: client.key', 'load.tls.certFile', /goes with requireClientCertificate: true/],
    ['    verify: false', 'load.tls.verify', /unknown field "verify"/],
  ])('%s is refused at its line, naming the field', (tls, path, message) => {
    const issues = issuesOf(() => loadScenario(withTls('tb.yaml', tls), dir));
    const issue = issues.find((i) => i.path === path || (path.endsWith('.verify') && i.path === 'load.tls'));
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
    // Every load.tls problem points into the block (line 9 is "  tls:", its fields below).
    expect(issue?.line).toBeGreaterThanOrEqual(9);
  });

  it('bench validate reads the files too: a missing one exits 2 naming the scenario file, line and field', async () => {
    const file = withTls('tv.yaml', ['    serverCertFile: server.pem', '    serverKeyFile: server.key', '    caFile: missing-ca.pem'].join('\n'));
    const run = await runBench(['validate', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`error: ${file.replaceAll('/', '\\/')}:12:\\d+ load\\.tls\\.caFile: missing-ca\\.pem \\(.*\\): ENOENT`));
  });

  it('refuses h2c with TLS, h2 without it, and features a proxy cannot apply to TLS it cannot read', () => {
    expect(issuesOf(() => loadScenario(write('tc.yaml', GOOD.replace('duration: 2s', 'duration: 2s\n  protocol: h2c\n  tls: {}')), dir))).toEqual([
      expect.objectContaining({ path: 'load.protocol', line: 9, message: expect.stringMatching(/h2c is cleartext HTTP\/2; with load.tls use protocol h2/) }),
    ]);
    expect(issuesOf(() => loadScenario(write('td.yaml', GOOD.replace('duration: 2s', 'duration: 2s\n  protocol: h2')), dir))).toEqual([
      expect.objectContaining({ path: 'load.protocol', message: expect.stringMatching(/h2 is HTTP\/2 over TLS: add load.tls/) }),
    ]);
    const issues = issuesOf(() => loadScenario(write('te.yaml', `${GOOD.replace('duration: 2s', 'duration: 2s\n  tls: {}')}features:\n  authz: l7\n  retries: { attempts: 2 }\n`), dir));
    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ['features.authz', 12],
      ['features.retries', 13],
    ]);
    expect(issues[0]?.message).toMatch(/authz needs the proxies to read HTTP, but with load.tls the agent's TLS ends at the entry service/);
  });
});
