/**
 * Runs the plaintext probe at verification time: applies the probe Job in the run's un-meshed
 * probe namespace (created with the workload), waits for it, reads its log and judges the
 * outcome (plaintext-probe.ts). Also builds the plan action, so the three meshes ask alike.
 */
import type { PlanAction } from '../../plan/plan-types.ts';
import type { CheckFunction, MeshPlanContext } from '../mesh.ts';
import { ORDER_WORKLOAD, probeImageFor, serviceUrl } from '../common/order-workload.ts';
import { judgeProbe, parseProbeLog, plaintextProbeJob, type ProbeRefusal } from './plaintext-probe.ts';

/** Params the plan passes to the probe check. */
export interface PlaintextProbeParams {
  probeNamespace: string;
  url: string;
  image: string;
  imagePullPolicy: string;
  /** The probe's own HTTP timeout. */
  requestTimeoutMs: number;
  /** How long to wait for the Job (image pull included). */
  jobTimeoutMs: number;
}

function readParams(params: Record<string, unknown>): PlaintextProbeParams {
  return {
    probeNamespace: String(params['probeNamespace']),
    url: String(params['url']),
    image: String(params['image']),
    imagePullPolicy: String(params['imagePullPolicy'] ?? 'IfNotPresent'),
    requestTimeoutMs: Number(params['requestTimeoutMs'] ?? 5_000),
    jobTimeoutMs: Number(params['jobTimeoutMs'] ?? 180_000),
  };
}

/** The `check` action that sends plaintext to the `order` service from the probe namespace. */
export function plaintextProbeAction(ctx: MeshPlanContext, options: { check: string; description: string }): PlanAction {
  const image = probeImageFor(ctx.platform);
  const params: PlaintextProbeParams = {
    probeNamespace: ctx.probeNamespace,
    url: serviceUrl({ service: ORDER_WORKLOAD.order.name, namespace: ctx.namespace, path: '/orders/1' }),
    image: image.image,
    imagePullPolicy: image.imagePullPolicy,
    requestTimeoutMs: 5_000,
    jobTimeoutMs: 180_000,
  };
  return { kind: 'check', description: options.description, check: options.check, params: { ...params } };
}

/** Check function for the plaintext probe; `name` is the check's name in the result, `refusal` what the mesh does. */
export function plaintextProbeCheck(name: string, refusal: ProbeRefusal): CheckFunction {
  return async (rawParams, runtime) => {
    const params = readParams(rawParams);
    const jobName = `plaintext-probe-${Date.now().toString(36)}`;
    await runtime.kube.apply(
      [
        plaintextProbeJob({
          namespace: params.probeNamespace,
          jobName,
          url: params.url,
          image: params.image,
          imagePullPolicy: params.imagePullPolicy,
          timeoutMs: params.requestTimeoutMs,
        }),
      ],
      runtime.signal,
    );
    let waitError: string | null = null;
    try {
      await runtime.kube.waitFor(
        { type: 'job-complete', namespace: params.probeNamespace, name: jobName },
        { timeoutMs: params.jobTimeoutMs, signal: runtime.signal },
      );
    } catch (err) {
      if (runtime.signal?.aborted) throw err;
      waitError = err instanceof Error ? err.message : String(err);
    }
    const pods = await runtime.kube.listPods(params.probeNamespace, `job-name=${jobName}`);
    const logs: string[] = [];
    for (const pod of pods) logs.push(await runtime.kube.podLogs(params.probeNamespace, pod.name, 'probe'));
    const log = logs.join('\n');
    const verdict = judgeProbe({ name, url: params.url, outcome: parseProbeLog(log), log, refusal });
    if (waitError) verdict.evidence.push(`probe Job ${params.probeNamespace}/${jobName} did not complete: ${waitError}`);
    verdict.evidence.push(`probe Job ${params.probeNamespace}/${jobName}, image ${params.image}`);
    return verdict;
  };
}
