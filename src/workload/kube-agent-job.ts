/**
 * The Job running one load agent for one repetition (pure): a single pod (parallelism 1, no
 * retries: a failed measurement is reported, not silently re-run) on the client worker, the agent
 * script from its ConfigMap, the AgentSpec in MESHBENCH_AGENT_SPEC, and a hard deadline.
 *
 * A meshed agent pod completes only if the mesh's proxy is a native sidecar (init container with
 * `restartPolicy: Always`), which Istio ≥ 1.27 and Linkerd 2.20 inject by default on Kubernetes
 * ≥ 1.33 (docs/mesh-install.md "Native sidecars"); a classic sidecar would keep the Job running until
 * its deadline.
 */
import type { PlatformName } from '../config/target-schema.ts';
import { AGENT_SPEC_ENV, type AgentSpec } from '../plan/agent-protocol.ts';
import type { KubeObject } from '../plan/plan-types.ts';
import { LOAD_AGENT_NAME } from './chain-calls.ts';
import { AGENT_CONTAINER, NAME_LABEL, runLabels, TIER_LABEL } from './kube-labels.ts';
import { hardenedContainerSecurity } from './kube-pod-hardening.ts';
import { agentPlacement } from './kube-placement.ts';
import { AGENT_SCRIPT, scriptCommand, scriptVolumes } from './kube-scripts.ts';
import { AGENT_TLS_DIR, AGENT_TLS_SECRET, readsAgentTlsSecret, tlsSecretVolume } from './kube-entry-tls.ts';
import { serviceAccountName } from './kube-service-accounts.ts';
import { workloadImageFor } from './kube-workload-image.ts';

/** Requests of one agent container: a whole core, so the generator is not starved. */
export const AGENT_RESOURCES = { requests: { cpu: '1', memory: '256Mi' }, limits: { memory: '1Gi' } };

/** Options of {@link agentJobManifest}. */
export interface AgentJobOptions {
  name: string;
  namespace: string;
  platform: PlatformName;
  runId: string;
  spec: AgentSpec;
  /** Job deadline (activeDeadlineSeconds), seconds. */
  deadlineSeconds: number;
}

/** Pod labels of load-agent pods (the name label is how Cilium's L7 policy recognises the agent). */
export const AGENT_POD_LABELS = { [NAME_LABEL]: LOAD_AGENT_NAME, [TIER_LABEL]: 'agent' } as const;

/** The Job of one agent for one repetition. */
export function agentJobManifest(options: AgentJobOptions): KubeObject {
  const { image, imagePullPolicy } = workloadImageFor(options.platform);
  const { volumes, volumeMounts } = scriptVolumes(AGENT_SCRIPT);
  // load.tls: the CA (and client certificate) the agent reads, from the run's Secret.
  if (readsAgentTlsSecret(options.spec.tls)) {
    const mount = tlsSecretVolume({ secret: AGENT_TLS_SECRET, dir: AGENT_TLS_DIR });
    volumes.push(mount.volume);
    volumeMounts.push(mount.volumeMount);
  }
  const labels = { ...runLabels(options.runId), ...AGENT_POD_LABELS, 'meshbench.io/agent-index': String(options.spec.agentIndex) };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: options.name, namespace: options.namespace, labels },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 0,
      activeDeadlineSeconds: options.deadlineSeconds,
      template: {
        metadata: { labels },
        spec: {
          ...agentPlacement(options.platform, options.runId),
          restartPolicy: 'Never',
          serviceAccountName: serviceAccountName(LOAD_AGENT_NAME),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: AGENT_CONTAINER,
              image,
              imagePullPolicy,
              command: scriptCommand(AGENT_SCRIPT),
              env: [{ name: AGENT_SPEC_ENV, value: JSON.stringify(options.spec) }],
              resources: AGENT_RESOURCES,
              securityContext: hardenedContainerSecurity(),
              volumeMounts,
            },
          ],
          volumes,
        },
      },
    },
  };
}
