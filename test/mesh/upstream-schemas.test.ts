/**
 * Every manifest the planner generates, for each mesh target × each scenario feature it supports
 * (and the plain run), validates against the upstream schemas vendored in
 * test/fixtures/kube-schemas/: Istio's CRDs, the Gateway API HTTPRoute of the bundle the mesh's
 * plan installs, Linkerd's policy CRDs, Cilium's CiliumNetworkPolicy and the Kubernetes core
 * kinds; also the workload shapes (fan-out, idle Services) and the istio-sidecar `Sidecar` of
 * `configScope: namespace`. Unknown fields are rejected where the schema says so; a kind without a
 * schema fails.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario, loadTarget } from '../../src/config/config-files.ts';
import type { FeatureSpec, Scenario } from '../../src/config/scenario-schema.ts';
import { featureStatements } from '../../src/plan/feature-support.ts';
import { meshModuleFor } from '../../src/mesh/mesh-registry.ts';
import { kindCluster } from '../../src/platform/kind/index.ts';
import { planKubeRun } from '../../src/platform/kube-common/plan-kube-run.ts';
import type { KubeObject, RunPlan } from '../../src/plan/plan-types.ts';
import { type GatewayApiBundle, kubeSchemaValidators, manifestProblems, structuralToJsonSchema } from '../helpers/kube-schema-validator.ts';

const TARGETS: Record<string, GatewayApiBundle> = { 'istio-sidecar': 'v1.5.1', 'istio-ambient': 'v1.5.1', 'istio-waypoint': 'v1.5.1', linkerd: 'v1.2.1', cilium: 'v1.6.1' };

/** One setting per feature (the feature-matrix defaults, plus both authz layers), and all of them at once. */
const SETTINGS: Record<string, Partial<FeatureSpec>> = {
  plain: {},
  'authz l4': { authz: 'l4' },
  'authz l7': { authz: 'l7' },
  retries: { retries: { attempts: 2, perTryTimeoutMs: 500, on: ['gateway-error'] } },
  timeouts: { timeouts: { requestMs: 3_000 } },
  accessLog: { accessLog: true },
  upstreamHttp2: { upstreamHttp2: true },
  'telemetry metrics': { telemetry: { mode: 'metrics', samplingPct: null } },
  'telemetry tracing': { telemetry: { mode: 'tracing', samplingPct: 5 } },
  trafficSplit: { trafficSplit: { canaryWeightPct: 10 } },
  outlierDetection: { outlierDetection: { consecutive5xx: 5, ejectionTimeMs: 30_000 } },
  'configScope namespace': { configScope: 'namespace' },
};

/** Workload shapes (docs/topology.md), each planned plain and with both authz layers. */
const WORKLOADS: Record<string, Partial<Scenario['workload']>> = {
  'fan-out': { topology: 'fan-out', fanOut: 3 },
  'idle services 50': { idleServices: 50 },
};
const WORKLOAD_SETTINGS = ['plain', 'authz l4', 'authz l7'] as const;

const base = loadScenario('default').spec;

function planOf(targetName: string, features: FeatureSpec, workload: Partial<Scenario['workload']> = {}, load: Partial<Scenario['load']> = {}): RunPlan {
  const target = loadTarget(targetName).spec;
  return planKubeRun({
    target,
    scenario: { ...base, features, workload: { ...base.workload, ...workload }, load: { ...base.load, ...load } },
    cluster: kindCluster,
    runId: '20261206-120000-schemas',
    resultPath: '/r/x.json',
    meshVersion: 'version' in target.mesh ? target.mesh.version : null,
    context: null,
    installMesh: true,
    keep: false,
    workDir: '/w',
    scripts: { orderService: 'console.log(1)', agent: 'console.log(2)' },
  });
}

function planManifests(plan: RunPlan): KubeObject[] {
  return plan.steps.flatMap((s) =>
    s.actions.flatMap((a) => {
      if (a.kind === 'apply') return a.manifests;
      if (a.kind === 'write-file' && a.path.endsWith('agent-job.example.yaml')) return [parse(a.content) as KubeObject];
      return [];
    }),
  );
}

describe('generated manifests validate against the upstream schemas', () => {
  const validators = Object.fromEntries([...Object.values(TARGETS), 'v1.5.1-experimental' as const].map((b) => [b, kubeSchemaValidators(b)]));
  // istio-waypoint with retries installs the experimental channel (HTTPRoute `retry`).
  const bundleOf = (targetName: string, setting: Partial<FeatureSpec>): GatewayApiBundle =>
    targetName === 'istio-waypoint' && setting.retries ? 'v1.5.1-experimental' : (TARGETS[targetName] as GatewayApiBundle);
  for (const targetName of Object.keys(TARGETS)) {
    const target = loadTarget(targetName).spec;
    const table = meshModuleFor(target.mesh).featureSupport(target);
    const supported = Object.entries(SETTINGS).filter(([, setting]) => {
      try {
        featureStatements({ features: { ...base.features, ...setting }, table, subject: { targetName, mesh: target.mesh.name, mode: target.mesh.mode } });
        return true;
      } catch {
        return false;
      }
    });
    it.each(supported.map(([name, setting]) => [name, setting] as const))(`${targetName} with %s`, (_name, setting) => {
      const manifests = planManifests(planOf(targetName, { ...base.features, ...setting }));
      expect(manifests.length).toBeGreaterThan(0);
      expect(manifests.flatMap((m) => manifestProblems(validators[bundleOf(targetName, setting)] ?? new Map(), m))).toEqual([]);
    });
    const workloadCases = Object.entries(WORKLOADS).flatMap(([shape, workload]) =>
      supported.filter(([name]) => (WORKLOAD_SETTINGS as readonly string[]).includes(name)).map(([name, setting]) => [`${shape}, ${name}`, workload, setting] as const),
    );
    it.each(workloadCases)(`${targetName} with %s`, (_name, workload, setting) => {
      const manifests = planManifests(planOf(targetName, { ...base.features, ...setting }, workload));
      expect(manifests.flatMap((m) => manifestProblems(validators[bundleOf(targetName, setting)] ?? new Map(), m))).toEqual([]);
    });
  }

  it.each(Object.keys(TARGETS))('%s with load.tls (own certificates, a client certificate required): the Secrets, the TLS entry and the agent Job', (targetName) => {
    const pemDir = mkdtempSync(join(tmpdir(), 'meshbench-schemas-tls-'));
    try {
      const file = (name: string) => {
        writeFileSync(join(pemDir, name), `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`);
        return join(pemDir, name);
      };
      const tls = { serverCertFile: file('s.crt'), serverKeyFile: file('s.key'), caFile: file('ca.crt'), requireClientCertificate: true, certFile: file('c.crt'), keyFile: file('c.key'), clientCaFile: file('ca.crt') };
      const plan = planOf(targetName, base.features, { chainDepth: 2 }, { tls });
      const manifests = planManifests(plan);
      expect(manifests.filter((m) => m.kind === 'Secret').map((m) => m.metadata.name)).toEqual(['meshbench-entry-tls', 'meshbench-agent-tls']);
      expect(manifests.flatMap((m) => manifestProblems(validators[TARGETS[targetName] as GatewayApiBundle] ?? new Map(), m))).toEqual([]);
    } finally {
      rmSync(pemDir, { recursive: true, force: true });
    }
  });

  it('covers every supported feature with resources on each mesh', () => {
    // The feature objects exist at all (so the loop above validated them).
    const kinds = (targetName: string, setting: Partial<FeatureSpec>) => new Set(planManifests(planOf(targetName, { ...base.features, ...setting })).map((m) => m.kind));
    expect(kinds('istio-sidecar', SETTINGS.retries ?? {})).toContain('VirtualService');
    expect(kinds('istio-sidecar', SETTINGS.upstreamHttp2 ?? {})).toContain('DestinationRule');
    expect(kinds('istio-sidecar', SETTINGS.accessLog ?? {})).toContain('Telemetry');
    expect(kinds('istio-waypoint', SETTINGS.trafficSplit ?? {})).toContain('HTTPRoute');
    expect(kinds('istio-waypoint', SETTINGS.retries ?? {})).toContain('HTTPRoute');
    expect(kinds('linkerd', SETTINGS.timeouts ?? {})).toContain('HTTPRoute');
    expect(kinds('linkerd', SETTINGS['authz l7'] ?? {})).toContain('Server');
    expect(kinds('cilium', SETTINGS['authz l7'] ?? {})).toContain('CiliumNetworkPolicy');
    expect(kinds('cilium', SETTINGS.trafficSplit ?? {})).toContain('HTTPRoute');
    expect(kinds('istio-sidecar', SETTINGS['configScope namespace'] ?? {})).toContain('Sidecar');
  });

  it('the workload shapes generate what the loop above validated', () => {
    const manifests = (targetName: string, shape: string, setting: string) =>
      planManifests(planOf(targetName, { ...base.features, ...SETTINGS[setting] }, WORKLOADS[shape]));
    for (const targetName of Object.keys(TARGETS)) {
      const names = (kind: string) => manifests(targetName, 'fan-out', 'plain').filter((m) => m.kind === kind).map((m) => m.metadata.name);
      // The gateway and K = 3 order-services, each with its Deployment, Service and ServiceAccount.
      for (const kind of ['Deployment', 'Service', 'ServiceAccount']) expect(names(kind), `${targetName} ${kind}`).toEqual(expect.arrayContaining(['gateway', 'order-1', 'order-2', 'order-3']));
      const idle = manifests(targetName, 'idle services 50', 'plain');
      expect(idle.filter((m) => m.kind === 'Service' && m.metadata.namespace?.endsWith('-idle')), targetName).toHaveLength(50);
      expect(idle.some((m) => m.kind === 'Namespace' && m.metadata.name.endsWith('-idle')), targetName).toBe(true);
      expect(idle.some((m) => m.kind === 'Deployment' && m.metadata.namespace?.endsWith('-idle')), targetName).toBe(true);
    }
    const policyKinds = (targetName: string) => new Set(manifests(targetName, 'fan-out', 'authz l7').map((m) => m.kind));
    expect(policyKinds('istio-sidecar')).toContain('AuthorizationPolicy');
    expect(policyKinds('linkerd')).toContain('AuthorizationPolicy');
    expect(policyKinds('cilium')).toContain('CiliumNetworkPolicy');
  });
});

describe('the validator rejects what the API server would', () => {
  const validators = kubeSchemaValidators('v1.5.1');
  const vs = (http: unknown): KubeObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'a', namespace: 'n' }, spec: { hosts: ['a'], http } });

  it('accepts a valid VirtualService and refuses an unknown field and a wrong type', () => {
    expect(manifestProblems(validators, vs([{ route: [{ destination: { host: 'a' } }], retries: { attempts: 2 } }]))).toEqual([]);
    expect(manifestProblems(validators, vs([{ route: [{ destination: { host: 'a' } }], retry: { attempts: 2 } }])).join()).toMatch(/additional properties \(retry\)/);
    expect(manifestProblems(validators, vs([{ retries: { attempts: 'two' } }])).join()).toMatch(/attempts must be integer/);
  });

  it('refuses an h2UpgradePolicy outside the enum, a bad Gateway API duration and a Deployment typo', () => {
    const dr: KubeObject = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'a' }, spec: { host: 'a', trafficPolicy: { connectionPool: { http: { h2UpgradePolicy: 'ALWAYS' } } } } };
    expect(manifestProblems(validators, dr).join()).toMatch(/allowed values/);
    const route: KubeObject = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'a' }, spec: { rules: [{ timeouts: { request: '3 seconds' } }] } };
    expect(manifestProblems(validators, route).join()).toMatch(/must match pattern/);
    const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { replica: 1 } };
    expect(manifestProblems(validators, deployment).join()).toMatch(/additional properties \(replica\)/);
  });

  it('the standard channel has no HTTPRoute retry; the experimental channel of the same release has it', () => {
    const route: KubeObject = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'a' }, spec: { rules: [{ retry: { attempts: 2, codes: [503] } }] } };
    expect(manifestProblems(validators, route).join()).toMatch(/additional properties \(retry\)/);
    expect(manifestProblems(kubeSchemaValidators('v1.5.1-experimental'), route)).toEqual([]);
    const badCode: KubeObject = { ...route, spec: { rules: [{ retry: { attempts: 2, codes: [302] } }] } };
    expect(manifestProblems(kubeSchemaValidators('v1.5.1-experimental'), badCode).join()).toMatch(/>= 400/);
  });

  it('accepts the Sidecar meshbench generates and refuses a mutated field', () => {
    const sidecar = (egress: unknown): KubeObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'n' }, spec: { egress } });
    expect(manifestProblems(validators, sidecar([{ hosts: ['./*', 'istio-system/*'] }]))).toEqual([]);
    expect(manifestProblems(validators, sidecar([{ host: ['./*'] }])).join()).toMatch(/additional properties \(host\)/);
    expect(manifestProblems(validators, sidecar([{ hosts: './*' }])).join()).toMatch(/hosts must be array/);
  });

  it('names a kind without a vendored schema', () => {
    expect(manifestProblems(validators, { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' } })).toEqual(['example.com/v1 Thing x: no upstream schema vendored for example.com/v1 Thing']);
  });

  it('keeps preserve-unknown-fields and int-or-string as Kubernetes reads them', () => {
    const schema = structuralToJsonSchema({
      type: 'object',
      properties: { open: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } }, port: { 'x-kubernetes-int-or-string': true } },
    });
    expect(schema).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { open: { type: 'object', properties: { a: { type: 'string' } } }, port: { anyOf: [{ type: 'integer' }, { type: 'string' }] } },
    });
  });
});
