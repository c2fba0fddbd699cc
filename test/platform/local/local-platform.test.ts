import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../../src/config/config-files.ts';
import { planLocalRun, prepareLocalPlatform } from '../../../src/platform/local/local-platform.ts';
import { CPU_BURN_LUA } from '../../../src/platform/local/haproxy-cpu-burn.ts';
import type { HarnessError } from '../../../src/errors.ts';
import type { LocalRunContext } from '../../../src/platform/local/local-run-context.ts';
import { fakeOrderServiceLauncher } from '../../helpers/fake-order-service.ts';
import { FakeToolRunner } from '../../helpers/fake-tool-runner.ts';

const ROOT = join(import.meta.dirname, '../../..');
const scenario = loadScenario('default', ROOT).spec;
const launchers = { orderService: { command: '/usr/bin/node', args: ['/w/order-service.mjs'] }, agent: { command: '/usr/bin/node', args: ['/w/load-agent.mjs'] } };

function context(targetName: string, extra: Partial<Pick<LocalRunContext, 'realtimeAgent' | 'injection'>> = {}) {
  return { target: loadTarget(targetName, ROOT).spec, scenario, runId: 'r1', resultPath: '/results/r1.json', workDir: '/w', launchers, ...extra };
}

describe('planLocalRun', () => {
  it('starts the chain last first on loopback, verifies the direct path and measures the entry service', () => {
    const plan = planLocalRun(context('baseline'));
    expect(plan).toMatchObject({ platform: 'local', cluster: null, namespace: null, target: { name: 'baseline', mesh: 'none', version: null } });
    expect(plan.steps.map((s) => s.id)).toEqual(['start-services', 'verify', 'measure']);
    const starts = plan.steps[0]?.actions ?? [];
    expect(starts.map((a) => a.description)).toEqual([
      'start fulfillment (port chosen by the OS)',
      'start order (port chosen by the OS, downstream fulfillment)',
      'start gateway (port chosen by the OS, downstream order)',
    ]);
    expect(starts[0]).toMatchObject({ kind: 'command', tool: '/usr/bin/node', args: ['/w/order-service.mjs'] });
    const measure = plan.steps[2]?.actions[0];
    expect(measure?.kind === 'measure' && measure.measurement.targetUrl).toBe('http://127.0.0.1:<entry service port>');
  });

  it('adds the sidecar pair for the haproxy target, with the injected CPU burn, and the real-time preflight', () => {
    const plan = planLocalRun(context('proxy-mtls', { realtimeAgent: true, injection: { serviceCpuUs: { order: 50 }, proxyCpuUs: 20 } }));
    expect(plan.steps.map((s) => s.id)).toEqual(['realtime-agent', 'start-services', 'start-sidecar-pair', 'verify', 'measure']);
    const pair = plan.steps[2]?.actions ?? [];
    expect(pair.find((a) => a.kind === 'write-file')).toMatchObject({ path: '/w/cpu-burn.lua', content: CPU_BURN_LUA });
    expect(pair.filter((a) => a.kind === 'command' && a.tool === 'haproxy')).toHaveLength(2);
    const order = plan.steps[1]?.actions.find((a) => a.kind === 'command' && a.env?.['SERVICE_NAME'] === 'order');
    expect(order?.kind === 'command' && order.env?.['CPU_COST_US']).toBe('50');
    const measure = plan.steps.at(-1)?.actions[0];
    expect(measure?.kind === 'measure' && measure.measurement.targetUrl).toBe('http://127.0.0.1:<client sidecar port>');
    expect(measure?.description).toContain('`chrt -f 10 /usr/bin/node /w/load-agent.mjs`');
  });
});

describe('--realtime-agent on a netns target', () => {
  it('plans the real-time preflight and runs the agent under chrt -f in its namespace', () => {
    const plan = planLocalRun(context('netns-sidecar', { realtimeAgent: true }));
    expect(plan.steps[0]?.id).toBe('realtime-agent');
    const measure = plan.steps.at(-1)?.actions[0];
    expect(measure?.description).toMatch(/`ip netns exec \S+ chrt -f 10 \/usr\/bin\/node \/w\/load-agent\.mjs`/);
  });

  it('refuses before building any namespace when the user may not use real-time priority', async () => {
    const runner = new FakeToolRunner((file) => (file === 'chrt' ? { exitCode: 1, stderr: 'chrt: failed to set pid 0\'s policy: Operation not permitted\n' } : {}));
    const error = (await prepareLocalPlatform({ ...context('netns-sidecar', { realtimeAgent: true }), runner }).catch((e: unknown) => e)) as HarnessError;
    expect(error.message).toMatch(/^--realtime-agent: this user may not run a process at real-time priority/);
    expect(runner.commandLines).toEqual(['chrt -f 10 true']);
  });
});

describe('planLocalRun with load.tls', () => {
  it("issues the entry's certificate from the run's CA, serves TLS at the entry only and measures its https:// URL", () => {
    const tlsScenario = { ...scenario, load: { ...scenario.load, tls: { servername: 'orders.test', requireClientCertificate: true } } };
    const plan = planLocalRun({ ...context('baseline'), scenario: tlsScenario });
    expect(plan.steps.map((s) => s.id)).toEqual(['entry-tls', 'start-services', 'verify', 'measure']);
    expect(plan.steps[0]?.title).toBe("entry over TLS: serves a certificate the run's CA issues for localhost, orders.test, 127.0.0.1; agents verify it against the run's CA with SNI orders.test; client certificate required (agents present one the run's CA issues)");
    expect(plan.steps[0]?.actions[0]).toMatchObject({ kind: 'command', tool: 'openssl' });
    const env = (name: string) => {
      const start = plan.steps[1]?.actions.find((a) => a.kind === 'command' && a.env?.['SERVICE_NAME'] === name);
      return (start?.kind === 'command' && start.env) || {};
    };
    expect(env('gateway')).toMatchObject({ TLS_CERT_FILE: '/w/entry-tls/server.crt', TLS_KEY_FILE: '/w/entry-tls/server.key', TLS_CLIENT_CA_FILE: '/w/entry-tls/ca.crt' });
    expect(Object.keys(env('order')).some((k) => k.startsWith('TLS_'))).toBe(false);
    const measure = plan.steps.at(-1)?.actions[0];
    expect(measure?.kind === 'measure' && measure.measurement.targetUrl).toBe('https://127.0.0.1:<entry service port>');
    // Own certificates: nothing to generate.
    const own = { ...scenario, load: { ...scenario.load, tls: { serverCertFile: '/p/s.crt', serverKeyFile: '/p/s.key', caFile: '/p/ca.crt' } } };
    expect(planLocalRun({ ...context('baseline'), scenario: own }).steps[0]).toMatchObject({ id: 'entry-tls', actions: [] });
  });
});

describe('planLocalRun with a fan-out and idle services', () => {
  const withWorkload = (workload: Partial<typeof scenario.workload>, features: Partial<typeof scenario.features> = {}) => ({
    ...scenario,
    workload: { ...scenario.workload, chainDepth: 1, ...workload },
    features: { ...scenario.features, ...features },
  });

  it('starts the K services first, then the gateway calling them in parallel', () => {
    const plan = planLocalRun({ ...context('baseline'), scenario: withWorkload({ topology: 'fan-out', fanOut: 2 }) });
    expect(plan.steps[0]?.title).toBe('start gateway → {order-1, order-2} in parallel on loopback');
    expect(plan.steps[0]?.actions.map((a) => a.description)).toEqual([
      'start order-2 (port chosen by the OS)',
      'start order-1 (port chosen by the OS)',
      'start gateway (port chosen by the OS, downstreams order-1, order-2 called in parallel)',
    ]);
  });

  it('gives the sidecars the idle backends, or none when configScope leaves them out', () => {
    const idle = planLocalRun({ ...context('proxy-mtls'), scenario: withWorkload({ idleServices: 200 }) });
    const lines = (plan: typeof idle) => plan.steps.find((s) => s.id === 'start-sidecar-pair')?.actions.map((a) => a.description).join('\n') ?? '';
    expect(lines(idle)).toContain('200 idle-service backends (local emulation of a 200-service mesh: configuration only, no traffic)');
    const scoped = planLocalRun({ ...context('proxy-mtls'), scenario: withWorkload({ idleServices: 200 }, { configScope: 'namespace' }) });
    expect(lines(scoped)).toContain('200 idle services left out by configScope namespace (local emulation)');
    expect(lines(planLocalRun(context('proxy-mtls')))).not.toContain('idle');
    // The baseline has no proxy to hold them: the plan says so instead of skipping them silently.
    expect(planLocalRun({ ...context('baseline'), scenario: withWorkload({ idleServices: 20 }) }).steps[0]?.title).toBe(
      'start order on loopback (workload.idleServices 20: no proxy here to hold them, so nothing changes)',
    );
  });

  it('netns targets refuse a fan-out and idle services (they wire a chain only)', () => {
    expect(() => planLocalRun({ ...context('netns-sidecar'), scenario: withWorkload({ topology: 'fan-out', fanOut: 2 }) })).toThrow(
      /workload.topology: fan-out is not available on target netns-sidecar: the netns emulation wires a chain of services only/,
    );
    expect(() => planLocalRun({ ...context('netns-sidecar'), scenario: withWorkload({ idleServices: 5 }) })).toThrow(/workload.idleServices is not available/);
  });
});

describe('prepareLocalPlatform (baseline, with a stand-in service)', () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'meshbench-local-platform-'));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it('starts the chain, verifies the path and tears everything down', async () => {
    const single = { ...scenario, workload: { ...scenario.workload, chainDepth: 1 } };
    const prepared = await prepareLocalPlatform({
      ...context('baseline'),
      scenario: single,
      workDir,
      launchers: { orderService: fakeOrderServiceLauncher(), agent: launchers.agent },
      runner: new FakeToolRunner(),
    });
    try {
      expect(prepared.targetUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(prepared.verification.map((c) => [c.name, c.passed])).toEqual([
        ['request-reaches-chain', true],
        ['no-proxy', true],
      ]);
      expect(prepared.runningVersion).toBeNull();
      expect(await prepared.backend.checkComponents?.()).toBeNull();
      expect(await prepared.collectDiagnostics()).toBeNull();
    } finally {
      await prepared.teardown();
    }
    await expect(fetch(`${prepared.targetUrl}/healthz`)).rejects.toThrow();
  });
});
