/**
 * Security settings of the workload's own containers: non-root, read-only root filesystem, no
 * privilege escalation, no capabilities, RuntimeDefault seccomp.
 *
 * They are set per container, not on the pod: a pod-level `runAsNonRoot: true` would also apply to
 * containers a mesh injects (`istio-init` runs as uid 0 with NET_ADMIN to set up iptables) and the
 * kubelet would refuse to start them.
 */
import { WORKLOAD_UID } from './kube-workload-image.ts';

/** The container securityContext of the order-service and the load agent. */
export function hardenedContainerSecurity(): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    runAsUser: WORKLOAD_UID,
    runAsGroup: WORKLOAD_UID,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
