/**
 * Runs the steps of a RunPlan, action by action, exactly as planned (the dry run prints the same
 * data): commands through the CommandRunner, applies/waits/deletes through the KubeClient, files
 * written with their modes, checks through the registered check functions. `measure` actions are
 * left to the measurement loop (src/pipeline/measure-levels.ts).
 *
 * Checks outside the `verify` phase are gates: one that does not pass stops the run. Verification
 * checks are returned; the caller decides what a failed one means.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HarnessError, interruptedError } from '../../errors.ts';
import type { CommandRunner } from '../../exec/command-runner.ts';
import { printableCommand } from '../../render/printable-command.ts';
import type { KubeClient } from '../../kube/kube-client.ts';
import type { CheckFunction, CheckRuntime } from '../../mesh/mesh.ts';
import { PLATFORM_CHECKS } from '../platform-checks.ts';
import type { VerificationCheck } from '../../results/result-schema.ts';
import type { PlanAction, PlanStep, RunPlan } from '../../plan/plan-types.ts';

/** What executing a plan needs. */
export interface ExecuteRuntime {
  runner: CommandRunner;
  /** Created lazily: the kubeconfig exists only after the cluster (or context export) step. */
  kube: () => KubeClient;
  signal?: AbortSignal | undefined;
  log: (line: string) => void;
  /** Check functions by name (the mesh's); the platform's (tools, kube-context, mesh-present) are added. */
  checks: Record<string, CheckFunction>;
  /** The run's kubeconfig (plan.cluster.kubeconfigPath), for checks and tool environments. */
  kubeconfigPath?: string | undefined;
  /** The run's workload namespace (plan.namespace), for checks. */
  namespace?: string | undefined;
  /** Base environment added to every command (e.g. PATH with the tools dir first). */
  env?: Record<string, string> | undefined;
  /** Progress hook: a step starts, ends, or fails. */
  onStep?: ((step: PlanStep, state: 'start' | 'done' | 'failed') => void) | undefined;
}

/** A lazily-created KubeClient, so check runtimes can hold one before the kubeconfig exists. */
function lazyKube(factory: () => KubeClient): KubeClient {
  let client: KubeClient | undefined;
  const get = () => {
    client ??= factory();
    return client;
  };
  return {
    apply: (objects, signal) => get().apply(objects, signal),
    waitFor: (condition, options) => get().waitFor(condition, options),
    listPods: (namespace, labelSelector) => get().listPods(namespace, labelSelector),
    listNodes: () => get().listNodes(),
    podLogs: (namespace, pod, container) => get().podLogs(namespace, pod, container),
    getRaw: (path) => get().getRaw(path),
    deleteNamespace: (name, options) => get().deleteNamespace(name, options),
    events: (namespace, involvedName) => get().events(namespace, involvedName),
    serverVersion: () => get().serverVersion(),
  };
}

function checkRuntimeOf(runtime: ExecuteRuntime, kube: KubeClient): CheckRuntime {
  const env: Record<string, string> = { ...(runtime.env ?? {}) };
  if (runtime.kubeconfigPath) env['KUBECONFIG'] = runtime.kubeconfigPath;
  return {
    runner: runtime.runner,
    kube,
    kubeconfigPath: runtime.kubeconfigPath ?? '',
    namespace: runtime.namespace ?? '',
    signal: runtime.signal,
    env,
  };
}

function describeAction(action: PlanAction): string {
  switch (action.kind) {
    case 'command':
      return `$ ${printableCommand(action.tool, action.args)}`;
    case 'apply':
      return `apply ${action.manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`;
    case 'wait':
      return `wait: ${action.description}`;
    case 'write-file':
      return `write ${action.path}`;
    case 'delete-namespace':
      return `delete namespace ${action.namespace}`;
    case 'check':
      return `check ${action.check}: ${action.description}`;
    case 'measure':
      return `measure: ${action.description} (run by the measurement loop)`;
  }
}

async function runAction(action: PlanAction, step: PlanStep, runtime: ExecuteRuntime, kube: KubeClient, checks: VerificationCheck[]): Promise<void> {
  const { signal } = runtime;
  switch (action.kind) {
    case 'command': {
      const result = await runtime.runner.run(action.tool, action.args, {
        input: action.stdin,
        timeoutMs: action.timeoutMs,
        env: { ...(runtime.env ?? {}), ...(action.env ?? {}) },
        signal,
        allowFailure: action.allowFailure,
      });
      if (result.exitCode !== 0) {
        runtime.log(`  (allowed to fail) ${result.command} exited ${result.exitCode}: ${(result.stderr || result.stdout).split('\n').slice(-1)[0] ?? ''}`);
      }
      return;
    }
    case 'apply':
      await kube.apply(action.manifests, signal);
      return;
    case 'wait':
      await kube.waitFor(action.condition, { timeoutMs: action.timeoutMs, signal });
      return;
    case 'write-file':
      mkdirSync(dirname(action.path), { recursive: true });
      writeFileSync(action.path, action.content, { mode: action.mode ?? 0o644 });
      chmodSync(action.path, action.mode ?? 0o644);
      return;
    case 'delete-namespace':
      await kube.deleteNamespace(action.namespace, { timeoutMs: action.timeoutMs, signal });
      return;
    case 'check': {
      const fn = runtime.checks[action.check] ?? PLATFORM_CHECKS[action.check];
      if (!fn) throw new HarnessError('INTERNAL', `the plan names check "${action.check}", which no module registers`);
      const result = await fn(action.params, checkRuntimeOf(runtime, kube));
      checks.push(result);
      runtime.log(`  ${result.passed ? '✔' : '✖'} ${result.name}: ${result.evidence[0] ?? ''}`);
      if (!result.passed && step.phase !== 'verify') {
        throw new HarnessError('NOT_READY', `${action.description}: check ${result.name} failed`, { details: result.evidence });
      }
      return;
    }
    case 'measure':
      return;
  }
}

/**
 * Executes `steps` in order and returns the results of their `check` actions. Throws the first
 * failure (a HarnessError); an aborted signal stops between actions with INTERRUPTED.
 */
export async function executePlanSteps(steps: readonly PlanStep[], runtime: ExecuteRuntime): Promise<VerificationCheck[]> {
  const kube = lazyKube(runtime.kube);
  const checks: VerificationCheck[] = [];
  for (const step of steps) {
    if (runtime.signal?.aborted) throw interruptedError();
    runtime.onStep?.(step, 'start');
    runtime.log(`[${step.phase}] ${step.title}`);
    try {
      for (const action of step.actions) {
        if (runtime.signal?.aborted) throw interruptedError();
        runtime.log(`  ${describeAction(action)}`);
        await runAction(action, step, runtime, kube, checks);
      }
    } catch (err) {
      runtime.onStep?.(step, 'failed');
      throw runtime.signal?.aborted && !(err instanceof HarnessError && err.code === 'INTERRUPTED') ? interruptedError() : err;
    }
    runtime.onStep?.(step, 'done');
  }
  return checks;
}

/**
 * Runs the plan's teardown: after success, failure or Ctrl-C. It ignores the run's (possibly
 * aborted) signal, logs every failure and never throws, so the original error is what the user
 * sees. With --keep the plan has no teardown steps and this says how to clean up by hand.
 */
export async function runTeardown(plan: RunPlan, runtime: Omit<ExecuteRuntime, 'signal' | 'checks'> & { checks?: Record<string, CheckFunction> | undefined }): Promise<void> {
  if (plan.teardown.length === 0) {
    if (plan.platform === 'kind' && plan.cluster) {
      const name = plan.cluster.name;
      runtime.log(`kept kind cluster ${name}; use it with: kind get kubeconfig --name ${name} > ${name}.kubeconfig; delete it with: kind delete cluster --name ${name}`);
    } else if (plan.namespace) {
      runtime.log(`kept namespaces ${plan.namespace} and ${plan.namespace}-probe; delete them with: kubectl delete namespace ${plan.namespace} ${plan.namespace}-probe`);
    }
    return;
  }
  for (const step of plan.teardown) {
    try {
      await executePlanSteps([step], { ...runtime, checks: runtime.checks ?? {}, signal: undefined });
    } catch (err) {
      runtime.log(`teardown step "${step.title}" failed: ${(err as Error).message}`);
      if (err instanceof HarnessError) for (const line of err.details) runtime.log(`  ${line}`);
    }
  }
}
