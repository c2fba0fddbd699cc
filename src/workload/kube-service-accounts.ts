/**
 * The ServiceAccounts of a run (pure): one per service of the chain and one for the load agent,
 * each named like its workload, so Istio and Linkerd authenticate every caller as itself (the
 * identity their L7 policies name) instead of the namespace's shared `default` account.
 *
 * No API token is mounted: the workload never talks to the API server, and the meshes bring
 * their own projected tokens (Istio's sidecar injector mounts `istio-token`; Linkerd's proxy
 * injector mounts `linkerd-identity-token` since 2.12; ambient's ztunnel requests tokens for the
 * pod's account itself).
 */
import type { KubeObject } from '../plan/plan-types.ts';
import { chainCalls } from './chain-calls.ts';
import type { ServiceGraphSpec } from './service-chain.ts';
import { NAME_LABEL, runLabels } from './kube-labels.ts';

/** The ServiceAccount a workload (a service of the chain, or the load agent) runs under: its own name. */
export function serviceAccountName(workload: string): string {
  return workload;
}

/** Options of {@link serviceAccountManifests}. */
export interface ServiceAccountManifestOptions {
  chainDepth: number;
  /** A fan-out to this many services (workload.fanOut); absent for a chain. */
  fanOut?: number | undefined;
  namespace: string;
  runId: string;
}

/** The ServiceAccounts of the load agent and of every service of the chain, in call order. */
export function serviceAccountManifests(options: ServiceAccountManifestOptions): KubeObject[] {
  const shape: ServiceGraphSpec = { chainDepth: options.chainDepth, fanOut: options.fanOut };
  const workloads = new Set(chainCalls(shape).flatMap((c) => [c.caller, c.callee]));
  return [...workloads].map((workload) => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: serviceAccountName(workload), namespace: options.namespace, labels: { ...runLabels(options.runId), [NAME_LABEL]: workload } },
    automountServiceAccountToken: false,
  }));
}
