/**
 * What the mesh check tests share: a CheckRuntime over a FakeKubeClient and a scripted runner, the
 * pods of a three-service chain, and a check's params as the mesh's own plan gives them.
 */
import type { CheckRuntime, MeshModule } from '../../src/mesh/mesh.ts';
import { type FakeKubeClient, fakePod } from './fake-kube-client.ts';
import { meshPlanContext } from './mesh-plan-context.ts';
import { RecordingRunner, type ScriptedReply } from './recording-runner.ts';

export const NS = 'bench-run1';

export function runtime(kube: FakeKubeClient, replies: ScriptedReply[] = []): CheckRuntime & { runner: RecordingRunner } {
  return { runner: new RecordingRunner(replies), kube, kubeconfigPath: '/tmp/kc', namespace: NS, env: { KUBECONFIG: '/tmp/kc' } };
}

export function chainPods(containers: (name: string) => Partial<Parameters<typeof fakePod>[0]>): ReturnType<typeof fakePod>[] {
  return [
    ['gateway-7c9d5b8f6d-q2x7m', 'gateway'],
    ['order-5f7b9c6d8d-kz4wl', 'order'],
    ['fulfillment-6b8c7d9f5c-h9p2r', 'fulfillment'],
  ].map(([name = '', app = '']) => fakePod({ namespace: NS, name, labels: { 'app.kubernetes.io/name': app }, ...containers(app) }));
}

export function checkParams(mesh: MeshModule, target: string, check: string, features = {}): Record<string, unknown> {
  const action = mesh.planVerification(meshPlanContext({ target, features })).find((a) => a.kind === 'check' && a.check === check);
  if (action?.kind !== 'check') throw new Error(`no ${check} in the plan`);
  return action.params;
}
