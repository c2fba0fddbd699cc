/**
 * The idle Services of `workload.idleServices` on Kubernetes (pure; docs/topology.md): a namespace
 * of their own (not enrolled, so a namespace-scoped proxy configuration leaves them out), one
 * tiny idle pod, and N ClusterIP Services selecting it. Each Service and its EndpointSlice is what
 * the meshes' control planes push to proxies (Istio: a cluster and its endpoints per Service in
 * every sidecar), so the configuration grows with N while the cluster runs one extra pod, which
 * a kind cluster can hold at N = 500 (N Deployments would need N pods).
 */
import type { PlatformName } from '../config/target-schema.ts';
import type { KubeObject } from '../plan/plan-types.ts';
import { NAME_LABEL, runLabels, TIER_LABEL } from './kube-labels.ts';
import { hardenedContainerSecurity } from './kube-pod-hardening.ts';
import { workloadImageFor } from './kube-workload-image.ts';

/** Name of the idle pod's Deployment, and its pod label value. */
export const IDLE_WORKLOAD_NAME = 'idle';
/** Port the idle pod listens on and the idle Services expose. */
export const IDLE_PORT = 8080;
/** The idle pod's requests: it answers nothing under load. */
export const IDLE_RESOURCES = { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } };

/** The namespace of the idle Services of the run whose workload namespace is `namespace`. */
export function idleNamespaceName(namespace: string): string {
  return `${namespace}-idle`;
}

/** Name of idle Service i (1-based): `idle-0001`. */
export function idleServiceName(index: number): string {
  return `idle-${String(index).padStart(4, '0')}`;
}

/** A one-line HTTP server (node builtins), so the pod needs no ConfigMap. */
const IDLE_SERVER_SCRIPT = `require('node:http').createServer((q, s) => s.end('idle')).listen(${IDLE_PORT})`;

/** The Namespace, the idle Deployment and the N Services, for a run with `count` idle services. */
export function idleServiceManifests(options: { count: number; namespace: string; runId: string; platform: PlatformName }): {
  namespace: KubeObject;
  deployment: KubeObject;
  services: KubeObject[];
} {
  const { count, runId } = options;
  const ns = idleNamespaceName(options.namespace);
  const labels = { ...runLabels(runId), [NAME_LABEL]: IDLE_WORKLOAD_NAME, [TIER_LABEL]: 'idle' };
  const selector = { [NAME_LABEL]: IDLE_WORKLOAD_NAME, [TIER_LABEL]: 'idle' };
  const { image, imagePullPolicy } = workloadImageFor(options.platform);
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: IDLE_WORKLOAD_NAME, namespace: ns, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: IDLE_WORKLOAD_NAME,
              image,
              imagePullPolicy,
              command: ['node', '-e', IDLE_SERVER_SCRIPT],
              ports: [{ name: 'http', containerPort: IDLE_PORT, protocol: 'TCP' }],
              resources: IDLE_RESOURCES,
              securityContext: hardenedContainerSecurity(),
            },
          ],
        },
      },
    },
  };
  const services = Array.from({ length: count }, (_, i): KubeObject => {
    const name = idleServiceName(i + 1);
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, labels: { ...runLabels(runId), [NAME_LABEL]: name, [TIER_LABEL]: 'idle' } },
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: IDLE_PORT, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }] },
    };
  });
  return {
    namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ...runLabels(runId), 'meshbench.io/purpose': 'idle-services' } } },
    deployment,
    services,
  };
}
