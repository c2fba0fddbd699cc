import { describe, expect, it } from 'vitest';
import { AGENT_SPEC_ENV, type AgentSpec } from '../../src/plan/agent-protocol.ts';
import { AGENT_POD_LABELS, AGENT_RESOURCES, agentJobManifest } from '../../src/workload/kube-agent-job.ts';
import { kindLocalImageTag, WORKLOAD_IMAGE } from '../../src/workload/kube-workload-image.ts';

const spec: AgentSpec = {
  targetUrl: 'http://gateway.bench.svc.cluster.local:8080',
  rps: 100,
  engine: 'open',
  arrival: 'uniform',
  connections: 4,
  warmupMs: 1_000,
  durationMs: 5_000,
  timeoutMs: 1_000,
  maxQueuedRequests: 100,
  requests: [{ name: 'get', method: 'GET', path: '/orders/{id}', weight: 1, body: 'none' }],
  seedOrders: 10,
  seed: 1,
  agentIndex: 2,
  startAtMs: 0,
};

interface PodSpec {
  restartPolicy: string;
  serviceAccountName: string;
  automountServiceAccountToken: boolean;
  nodeSelector?: Record<string, string>;
  affinity?: unknown;
  containers: { name: string; image: string; imagePullPolicy: string; command: string[]; env: { name: string; value: string }[]; resources: unknown }[];
}

function podSpec(job: ReturnType<typeof agentJobManifest>): PodSpec {
  return (job['spec'] as { template: { spec: PodSpec } }).template.spec;
}

describe('agentJobManifest', () => {
  it('runs one pod, never retried, with a hard deadline', () => {
    const job = agentJobManifest({ name: 'agent-l0-r0-a2', namespace: 'bench', platform: 'kind', runId: 'r1', spec, deadlineSeconds: 90 });
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'agent-l0-r0-a2', namespace: 'bench' } });
    expect(job['spec']).toMatchObject({ parallelism: 1, completions: 1, backoffLimit: 0, activeDeadlineSeconds: 90 });
    expect(podSpec(job).restartPolicy).toBe('Never');
  });

  it('labels the pod as the load agent with its index, and runs it under the load-agent account without a token', () => {
    const job = agentJobManifest({ name: 'a', namespace: 'bench', platform: 'kind', runId: 'r1', spec, deadlineSeconds: 90 });
    const labels = (job['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
    expect(labels).toMatchObject({ ...AGENT_POD_LABELS, 'meshbench.io/agent-index': '2', 'meshbench.io/run': 'r1' });
    expect(job.metadata.labels).toEqual(labels);
    expect(podSpec(job)).toMatchObject({ serviceAccountName: 'load-agent', automountServiceAccountToken: false });
  });

  it('passes the AgentSpec as JSON and runs the agent script', () => {
    const [container] = podSpec(agentJobManifest({ name: 'a', namespace: 'bench', platform: 'kind', runId: 'r1', spec, deadlineSeconds: 90 })).containers;
    expect(container?.name).toBe('agent');
    expect(container?.command).toEqual(['node', '--preserve-symlinks-main', '/opt/meshbench/agent.mjs']);
    expect(container?.env).toEqual([{ name: AGENT_SPEC_ENV, value: JSON.stringify(spec) }]);
    expect(JSON.parse(container?.env[0]?.value ?? '')).toEqual(spec);
    expect(container?.resources).toEqual(AGENT_RESOURCES);
  });

  it('places and pulls per platform', () => {
    const kind = podSpec(agentJobManifest({ name: 'a', namespace: 'n', platform: 'kind', runId: 'r', spec, deadlineSeconds: 9 }));
    expect(kind.nodeSelector).toEqual({ 'meshbench.io/role': 'client' });
    expect(kind.containers[0]).toMatchObject({ image: kindLocalImageTag(), imagePullPolicy: 'Never' });
    const existing = podSpec(agentJobManifest({ name: 'a', namespace: 'n', platform: 'existing', runId: 'r', spec, deadlineSeconds: 9 }));
    expect(existing.nodeSelector).toBeUndefined();
    expect(existing.affinity).toHaveProperty('podAntiAffinity');
    expect(existing.containers[0]).toMatchObject({ image: WORKLOAD_IMAGE, imagePullPolicy: 'IfNotPresent' });
  });
});
