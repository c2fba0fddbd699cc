/**
 * What the mesh modules need to know about the order-service workload: its roles, the pod label
 * that names them, their service accounts (the identities Istio and Linkerd policies name), the
 * port, the probe paths and the image. Names and labels come from the workload's own
 * constants, so a policy selector and the pods it selects cannot drift apart.
 */
import { LOAD_AGENT_NAME } from '../../workload/chain-calls.ts';
import { NAME_LABEL, SERVICE_PORT } from '../../workload/kube-labels.ts';
import { serviceAccountName } from '../../workload/kube-service-accounts.ts';
import { type WorkloadImage, workloadImageFor } from '../../workload/kube-workload-image.ts';
import type { PlatformName } from '../../config/target-schema.ts';

/** A workload role: the value of its `app.kubernetes.io/name` pod label and its service account. */
export interface WorkloadRole {
  name: string;
  serviceAccount: string;
}

/** The role of a workload (a service of the chain, or the load agent) by its name. */
export function workloadRole(name: string): WorkloadRole {
  return { name, serviceAccount: serviceAccountName(name) };
}

/** The order-service chain and its load agent. */
export const ORDER_WORKLOAD = {
  /** Pod label key naming a workload role (`app.kubernetes.io/name`). */
  nameLabel: NAME_LABEL,
  /** Port every order-service container listens on (and every Service exposes). */
  portNumber: SERVICE_PORT,
  /** The service every chain has, which the plaintext probe targets. */
  order: workloadRole('order'),
  loadAgent: workloadRole(LOAD_AGENT_NAME),
  /** Liveness and readiness paths of the order-service (kubelet probes must stay allowed under L7 policy). */
  healthPaths: ['/healthz', '/readyz'],
} as const;

/** In-cluster URL of a service of the run namespace. */
export function serviceUrl(options: { service: string; namespace: string; path: string }): string {
  return `http://${options.service}.${options.namespace}.svc.cluster.local:${ORDER_WORKLOAD.portNumber}${options.path}`;
}

/** The workload's pinned node image as the platform provides it (the plaintext probe runs it too). */
export function probeImageFor(platform: PlatformName): WorkloadImage {
  return workloadImageFor(platform);
}
