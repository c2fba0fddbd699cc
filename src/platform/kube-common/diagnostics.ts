/**
 * After a failed run: a folder beside the result with what a Kubernetes engineer looks at first:
 * nodes, pods (phase, node, containers) and events of every namespace the plan touched, and the
 * logs of their containers; on kind also `kind export logs` (kubelet, containerd, node journals).
 * Collection is best effort: it logs what it cannot get and never throws over the run's error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandRunner } from '../../exec/command-runner.ts';
import type { KubeClient } from '../../kube/kube-client.ts';
import type { RunPlan } from '../../plan/plan-types.ts';

/** What collecting needs. */
export interface DiagnosticsRuntime {
  runner: CommandRunner;
  kube: () => KubeClient;
  log: (line: string) => void;
  env?: Record<string, string> | undefined;
}

/** The diagnostics folder of a result file: `results/x.json` → `results/x.diagnostics`. */
export function diagnosticsDirFor(resultPath: string): string {
  return `${resultPath.replace(/\.json$/, '')}.diagnostics`;
}

/** Namespaces a plan touches: the run's own, plus those of its waits and applied objects. */
export function planNamespaces(plan: RunPlan): string[] {
  const found = new Set<string>();
  if (plan.namespace) found.add(plan.namespace).add(`${plan.namespace}-probe`);
  for (const step of plan.steps) {
    for (const action of step.actions) {
      if (action.kind === 'wait' && 'namespace' in action.condition) found.add(action.condition.namespace);
      if (action.kind === 'apply') {
        for (const m of action.manifests) {
          if (m.metadata.namespace) found.add(m.metadata.namespace);
          if (m.kind === 'Namespace') found.add(m.metadata.name);
        }
      }
    }
  }
  if (plan.platform === 'kind') found.add('kube-system');
  return [...found];
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

async function attempt(log: (line: string) => void, what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    log(`diagnostics: could not ${what}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Writes the diagnostics of a failed run into `dir` and returns it. */
export async function collectDiagnostics(plan: RunPlan, runtime: DiagnosticsRuntime, dir: string): Promise<string> {
  const { log } = runtime;
  mkdirSync(dir, { recursive: true });
  const summary: string[] = [`run ${plan.runId}: ${plan.target.name} on ${plan.platform}`, `collected ${new Date().toISOString()}`];
  if (plan.cluster) summary.push(`cluster ${plan.cluster.name}, kubeconfig ${plan.cluster.kubeconfigPath}`);
  writeFileSync(join(dir, 'README.txt'), `${summary.join('\n')}\n`);
  let kube: KubeClient | undefined;
  await attempt(log, 'connect to the cluster', async () => {
    kube = runtime.kube();
    const nodes = await kube.listNodes();
    writeFileSync(
      join(dir, 'nodes.txt'),
      nodes.map((n) => `${n.name} ${n.ready ? 'Ready' : 'NotReady'} ${Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(',')}`).join('\n') + '\n',
    );
  });
  if (kube) {
    const client = kube;
    for (const namespace of planNamespaces(plan)) {
      const nsDir = join(dir, safeName(namespace));
      await attempt(log, `read namespace ${namespace}`, async () => {
        const pods = await client.listPods(namespace);
        const events = await client.events(namespace);
        if (pods.length === 0 && events.length === 0) return;
        mkdirSync(nsDir, { recursive: true });
        writeFileSync(
          join(nsDir, 'pods.txt'),
          pods
            .map((p) => `${p.name} node=${p.nodeName ?? '-'} phase=${p.phase} ready=${p.ready} containers=${p.containers.join(',')} init=${p.initContainers.map((c) => `${c.name}${c.sidecar ? '(sidecar)' : ''}`).join(',')}`)
            .join('\n') + '\n',
        );
        writeFileSync(join(nsDir, 'events.txt'), `${events.join('\n')}\n`);
        for (const pod of pods) {
          for (const container of [...pod.initContainers.map((c) => c.name), ...pod.containers]) {
            await attempt(log, `read the log of ${namespace}/${pod.name}/${container}`, async () => {
              const text = await client.podLogs(namespace, pod.name, container);
              writeFileSync(join(nsDir, `${safeName(pod.name)}.${safeName(container)}.log`), text);
            });
          }
        }
      });
    }
  }
  if (plan.platform === 'kind' && plan.cluster) {
    const cluster = plan.cluster.name;
    await attempt(log, 'export the kind node logs', async () => {
      await runtime.runner.run('kind', ['export', 'logs', join(dir, 'kind-logs'), '--name', cluster], { env: runtime.env, timeoutMs: 3 * 60_000 });
    });
  }
  log(`diagnostics written to ${dir}`);
  return dir;
}
