/**
 * A Kubernetes platform as a Platform: the shared kube path (plan-kube-run.ts,
 * prepare-kube-platform.ts) with the cluster part of kind/ or existing/ plugged in.
 */
import { join } from 'node:path';
import { meshModuleFor } from '../../mesh/mesh-registry.ts';
import type { Platform, PlatformRunOptions } from '../platform.ts';
import { requiredTools } from '../required-tools.ts';
import type { KubeCluster } from './kube-cluster.ts';
import { kubeRunNames, planKubeRun, type PlanKubeRunOptions } from './plan-kube-run.ts';
import { prepareKubePlatform } from './prepare-kube-platform.ts';
import { checkSwitchableFeatures, featureSwitchSteps } from './feature-switch-plan.ts';

function kubePlanOptions(cluster: KubeCluster, options: PlatformRunOptions): Omit<PlanKubeRunOptions, 'scripts'> {
  return {
    target: options.target,
    scenario: options.scenario,
    cluster,
    runId: options.runId,
    resultPath: options.resultPath,
    meshVersion: options.meshVersion,
    context: options.context,
    userKubeconfig: options.userKubeconfig ?? null,
    installMesh: options.installMesh,
    keep: options.keep,
    workDir: options.workDir,
    toolsDir: options.toolsDir,
    revision: options.revision ?? null,
    joinCluster: options.joinRun
      ? { clusterName: kubeRunNames(cluster, options.target, options.joinRun.runId).clusterName ?? '', kubeconfigPath: join(options.joinRun.workDir, 'kubeconfig') }
      : null,
  };
}

export function createKubePlatform(cluster: KubeCluster): Platform {
  return {
    name: cluster.name,
    arms: 'cluster-per-arm',
    keepsWorkDir: true,
    requiredTools: (target) => requiredTools({ platform: cluster.name, target }),
    featureSupport: (target) => meshModuleFor(target.mesh).featureSupport(target),
    // The dry run does not bundle: the ConfigMaps show where the scripts come from.
    plan: (options) => planKubeRun({ ...kubePlanOptions(cluster, options), scripts: null }),
    featureSwitchSteps: (reference, arms) => {
      checkSwitchableFeatures({ target: reference.target, arms });
      // Every arm planned with the reference arm's run id: the same namespace and names.
      const plans = arms.map((arm) => ({ label: arm.label, plan: planKubeRun({ ...kubePlanOptions(cluster, { ...reference, scenario: arm.scenario }), scripts: null }) }));
      return featureSwitchSteps({ arms: plans, kubeconfigPath: plans[0]?.plan.cluster?.kubeconfigPath ?? '' });
    },
    prepare: (options) =>
      prepareKubePlatform({
        ...kubePlanOptions(cluster, options),
        runner: options.runner,
        signal: options.signal,
        log: options.log,
        kubeClient: options.kubeTuning?.kubeClient,
        measurement: options.kubeTuning?.measurement,
      }),
  };
}
