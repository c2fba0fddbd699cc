/**
 * `bench run` and scenario features: every feature that is on is stated in the plan with its
 * mechanism, or the run is refused before anything starts with a message naming the feature and
 * the mesh; `--features-matrix` turns feature sets into interleaved arms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '../helpers/cli-harness.ts';
import { planScenarioFile } from '../helpers/plan-scenario-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'meshbench-features-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenarioWith(name: string, features: string): string {
  return planScenarioFile({ dir, name, features });
}

interface PlanJson {
  features?: Array<{ feature: string; setting: string; mechanism: string }>;
  steps: Array<{ id: string; actions: Array<{ description: string }> }>;
}

describe('feature support at plan time', () => {
  it('proxy-mtls states each feature it applies and shows it on the sidecars', async () => {
    const scenario = scenarioWith('local-features', '{ retries: { attempts: 2 }, accessLog: true, upstreamHttp2: true }');
    const run = await runBench(['run', 'proxy-mtls', '--scenario', scenario, '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.features?.map((f) => f.feature)).toEqual(['retries', 'accessLog', 'upstreamHttp2']);
    expect(plan.features?.[0]?.mechanism).toMatch(/retries N, retry-on/);
    const sidecars = plan.steps.find((s) => s.id === 'start-sidecar-pair')?.actions.map((a) => a.description).join('\n');
    expect(sidecars).toMatch(/features: client retries 2 \(retry-on\), HTTP\/2 \(ALPN h2\) between the sidecars, access log/);
    const text = await runBench(['run', 'proxy-mtls', '--scenario', scenario, '--dry-run']);
    expect(text.stdout).toMatch(/features \(each supported by the target\):\n {2}- retries: 2 on connect-failure, gateway-error: client sidecar backend/);
  });

  it.each([
    ['istio-ambient', 'AuthorizationPolicy', 'order-l4'],
    ['linkerd', 'AuthorizationPolicy', 'order-callers'],
    ['cilium', 'CiliumNetworkPolicy', 'order-l4'],
  ])('%s plans authz: l4 as %s %s', async (target, kind, name) => {
    const run = await runBench(['run', target, '--scenario', scenarioWith(`l4-${target}`, '{ authz: l4 }'), '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`"kind": "${kind}"`);
    expect(run.stdout).toContain(`"name": "${name}"`);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.features?.[0]).toMatchObject({ feature: 'authz', setting: 'authz: l4' });
  });

  it('a mesh target states the upstream resource of the features it applies', async () => {
    const run = await runBench(['run', 'istio-waypoint', '--scenario', scenarioWith('authz', '{ authz: l7 }'), '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.features).toEqual([{ feature: 'authz', setting: 'authz: l7', mechanism: expect.stringContaining('AuthorizationPolicy (security.istio.io/v1)') }]);
  });

  it('istio-sidecar plans tracing: the zipkin provider at install, the Zipkin addon, and the sampling in Telemetry', async () => {
    const run = await runBench(['run', 'istio-sidecar', '--scenario', scenarioWith('tracing', '{ telemetry: { mode: tracing, samplingPct: 5 } }'), '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    const plan = JSON.parse(run.stdout) as {
      features?: PlanJson['features'];
      steps: Array<{ id: string; actions: Array<{ args?: string[]; manifests?: Array<{ kind: string; spec?: unknown }> }> }>;
    };
    expect(plan.features).toEqual([{ feature: 'telemetry', setting: 'telemetry: tracing at 5% sampling', mechanism: expect.stringContaining('zipkin') }]);
    const ids = plan.steps.map((s) => s.id);
    expect(ids.indexOf('istio-zipkin')).toBeGreaterThan(ids.indexOf('istio-control-plane'));
    const args = plan.steps.flatMap((s) => s.actions.flatMap((a) => a.args ?? []));
    expect(args).toEqual(expect.arrayContaining(['meshConfig.enableTracing=true', 'meshConfig.extensionProviders[0].zipkin.service=zipkin.istio-system.svc.cluster.local']));
    expect(args).toContain('https://raw.githubusercontent.com/istio/istio/1.30.3/samples/addons/extras/zipkin.yaml');
    const telemetry = plan.steps.flatMap((s) => s.actions.flatMap((a) => a.manifests ?? [])).find((m) => m.kind === 'Telemetry');
    expect(telemetry?.spec).toMatchObject({ tracing: [{ providers: [{ name: 'zipkin' }], randomSamplingPercentage: 5 }] });
  });

  it('cilium plans trafficSplit: Gateway API CRDs before cilium install with gatewayAPI.enabled, canary and a GAMMA route', async () => {
    const run = await runBench(['run', 'cilium', '--scenario', scenarioWith('cilium-split', '{ trafficSplit: { canaryWeightPct: 20 } }'), '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    const plan = JSON.parse(run.stdout) as {
      features?: PlanJson['features'];
      steps: Array<{ id: string; actions: Array<{ args?: string[]; manifests?: Array<{ kind: string; metadata: { name: string }; spec?: unknown }> }> }>;
    };
    expect(plan.features).toEqual([expect.objectContaining({ feature: 'trafficSplit', mechanism: expect.stringContaining('GAMMA') })]);
    const ids = plan.steps.map((s) => s.id);
    expect(ids.indexOf('cilium-gateway-api-crds')).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf('cilium-gateway-api-crds')).toBeLessThan(ids.indexOf('cilium'));
    expect(plan.steps.find((s) => s.id === 'cilium')?.actions[0]?.args).toContain('gatewayAPI.enabled=true');
    const manifests = plan.steps.flatMap((s) => s.actions.flatMap((a) => a.manifests ?? []));
    expect(manifests.filter((m) => m.metadata.name === 'order-canary').map((m) => m.kind).sort()).toEqual(['Deployment', 'Service']);
    const route = manifests.find((m) => m.kind === 'HTTPRoute');
    expect(route?.spec).toMatchObject({ parentRefs: [{ kind: 'Service', name: 'order' }], rules: [{ backendRefs: [{ name: 'order', weight: 80 }, { name: 'order-canary', weight: 20 }] }] });
  });

  it('cilium refuses retries, timeouts and outlierDetection, naming the upstream source', async () => {
    for (const features of ['{ retries: { attempts: 2 } }', '{ timeouts: { request: 1s } }', '{ outlierDetection: { consecutive5xx: 5 } }']) {
      const run = await runBench(['run', 'cilium', '--scenario', scenarioWith('cilium-refused', features), '--dry-run']);
      expect(run.code, features).toBe(2);
      expect(run.stderr, features).toMatch(/mesh cilium does not support it: .*(conformance\/reports\/v1\.6\/cilium|CiliumEnvoyConfig)/);
    }
  });

  it('istio-waypoint plans retries: experimental-channel CRDs and HTTPRoute retry on every routed service', async () => {
    const run = await runBench(['run', 'istio-waypoint', '--scenario', scenarioWith('waypoint-retries', '{ retries: { attempts: 3 } }'), '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    const plan = JSON.parse(run.stdout) as {
      steps: Array<{ id: string; actions: Array<{ args?: string[]; manifests?: Array<{ kind: string; metadata: { name: string }; spec?: { rules?: unknown[] } }> }> }>;
    };
    const args = plan.steps.flatMap((s) => s.actions.flatMap((a) => a.args ?? []));
    expect(args).toContain('https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/experimental-install.yaml');
    const routes = plan.steps.flatMap((s) => s.actions.flatMap((a) => a.manifests ?? [])).filter((m) => m.kind === 'HTTPRoute');
    expect(routes.map((r) => r.metadata.name)).toContain('order');
    for (const route of routes) expect(route.spec?.rules?.[0]).toMatchObject({ retry: { attempts: 3, codes: [502, 503, 504] } });
  });

  it.each([
    ['baseline', ['--platform', 'local'], '{ accessLog: true }', /feature accessLog: on is not available on target baseline \(mesh none, mode none\): mesh none does not support it: the baseline runs no proxy/],
    ['proxy-mtls', [], '{ telemetry: { mode: tracing, samplingPct: 5 } }', /feature telemetry: tracing at 5% sampling is not available on target proxy-mtls \(mesh haproxy.*accessLog is the local stand-in/],
    ['istio-ambient', [], '{ telemetry: { mode: tracing, samplingPct: 5 } }', /feature telemetry: tracing at 5% sampling is not available on target istio-ambient \(mesh istio, mode ambient\): .*request tracing needs an L7 proxy/],
    ['istio-waypoint', [], '{ retries: { attempts: 3, on: [reset] } }', /retries on "reset" cannot be applied on istio-waypoint/],
    ['istio-ambient', [], '{ timeouts: { request: 1s } }', /feature timeouts: request 1000 ms is not available on target istio-ambient .*use the istio-waypoint target/],
    ['linkerd', [], '{ upstreamHttp2: true }', /feature upstreamHttp2: on is not available on target linkerd .*always carries HTTP\/1\.1 between meshed pods as HTTP\/2/],
    ['cilium', [], '{ telemetry: { mode: tracing } }', /feature telemetry: tracing at 1% sampling is not available on target cilium .*flows \(Hubble\), not request traces/],
  ])('%s refuses what it cannot do, naming the feature and the mesh (exit 2)', async (target, flags, features, message) => {
    const run = await runBench(['run', target, ...flags, '--scenario', scenarioWith(`refused-${target}`, features), '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('refuses retries with a request timeout on the haproxy pair, which has no whole-request deadline', async () => {
    const run = await runBench(['run', 'proxy-mtls', '--scenario', scenarioWith('both', '{ retries: { attempts: 2 }, timeouts: { request: 2s } }'), '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/haproxy bounds each attempt/);
  });
});

describe('--features-matrix', () => {
  const smoke = scenarioWith('matrix', '{ mtls: strict }');

  it('plans one arm with the features off and one per feature, interleaved ABBA', async () => {
    const run = await runBench(['run', 'proxy-mtls', '--scenario', smoke, '--features-matrix', 'retries,upstreamHttp2,accessLog', '--dry-run', '--json']);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { batch: { arms: string[]; order: string; method: string }; plans: PlanJson[] };
    expect(out.batch).toEqual({ arms: ['features-off', 'retries', 'upstreamHttp2', 'accessLog'], order: 'ABBA', method: 'same-host' });
    expect(out.plans.map((p) => (p.features ?? []).map((f) => f.feature))).toEqual([[], ['retries'], ['upstreamHttp2'], ['accessLog']]);
  });

  it.each([
    [['proxy-mtls', '--features-matrix', 'retries,http2'], /unknown feature "http2"/],
    [['proxy-mtls', '--features-matrix', 'retries,telemetry'], /feature telemetry: metrics is not available on target proxy-mtls/],
    [['proxy-mtls', '--features-matrix', 'retries', '--arms', 'a,b'], /--features-matrix and --arms both set the arms/],
    [['linkerd', '--features-matrix', 'accessLog'], /feature accessLog: on \(arm accessLog\) cannot be switched between repetitions on one cluster on target linkerd/],
  ])('refuses %j (exit 2)', async (args, message) => {
    const run = await runBench(['run', ...args, '--scenario', smoke, '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
