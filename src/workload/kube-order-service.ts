/**
 * Deployments and Services of the order-service chain (pure): one replica each on the server
 * worker, resource requests set (no CPU limit: CFS throttling would show up as latency), a
 * readiness probe on /readyz, hardened containers, and the chain wired through DOWNSTREAM_URL.
 */
import type { PlatformName } from '../config/target-schema.ts';
import type { LoadProtocol, Scenario } from '../config/scenario-schema.ts';
import type { KubeObject } from '../plan/plan-types.ts';
import { serviceUrl } from './kube-chain.ts';
import { serviceGraph } from './service-chain.ts';
import { ENTRY_TLS_DIR, ENTRY_TLS_SECRET, entryTlsEnv, tlsSecretVolume } from './kube-entry-tls.ts';
import { APP_CONTAINER, NAME_LABEL, runLabels, SERVICE_PORT, TIER_LABEL, labelValue, RUN_LABEL } from './kube-labels.ts';
import { hardenedContainerSecurity } from './kube-pod-hardening.ts';
import { serverPlacement } from './kube-placement.ts';
import { ORDER_SERVICE_SCRIPT, scriptCommand, scriptVolumes } from './kube-scripts.ts';
import { serviceAccountName } from './kube-service-accounts.ts';
import { workloadImageFor } from './kube-workload-image.ts';

/** Requests of one order-service container. */
export const ORDER_SERVICE_RESOURCES = { requests: { cpu: '500m', memory: '128Mi' }, limits: { memory: '512Mi' } };

/** Options of {@link orderServiceManifests}. */
export interface OrderServiceManifestOptions {
  scenario: Scenario;
  namespace: string;
  platform: PlatformName;
  runId: string;
  /** sha256 of the bundled script: a new script rolls the pods. */
  scriptSha256: string;
}

/** Pod labels of one service of the chain (also its Service selector). */
export function servicePodLabels(name: string, runId: string): Record<string, string> {
  return { [NAME_LABEL]: name, [TIER_LABEL]: 'server', [RUN_LABEL]: labelValue(runId) };
}

function deployment(name: string, downstream: string | null, options: OrderServiceManifestOptions & { entry: boolean }): KubeObject {
  const { scenario, namespace, platform, runId } = options;
  const { image, imagePullPolicy } = workloadImageFor(platform);
  const { volumes, volumeMounts } = scriptVolumes(ORDER_SERVICE_SCRIPT);
  // load.tls: the entry serves TLS from the run's Secret (kube-entry-tls.ts).
  const tls = options.entry ? scenario.load.tls : undefined;
  if (tls) {
    const mount = tlsSecretVolume({ secret: ENTRY_TLS_SECRET, dir: ENTRY_TLS_DIR });
    volumes.push(mount.volume);
    volumeMounts.push(mount.volumeMount);
  }
  const selector = { [NAME_LABEL]: name, [TIER_LABEL]: 'server' };
  const env: { name: string; value: string }[] = [
    { name: 'PORT', value: String(SERVICE_PORT) },
    { name: 'HOST', value: '0.0.0.0' },
    { name: 'SERVICE_NAME', value: name },
    { name: 'RESPONSE_BYTES', value: String(scenario.workload.responseBytes) },
    { name: 'ADDED_DELAY_MS', value: String(scenario.workload.addedDelayMs) },
    { name: 'SEED_ORDERS', value: String(scenario.workload.seedOrders) },
  ];
  if (downstream) env.push({ name: 'DOWNSTREAM_URL', value: downstream });
  if (tls) env.push(...entryTlsEnv(tls));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { ...runLabels(runId), [NAME_LABEL]: name, [TIER_LABEL]: 'server' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: { ...runLabels(runId), ...servicePodLabels(name, runId) },
          annotations: { 'meshbench.io/script-sha256': options.scriptSha256 },
        },
        spec: {
          ...serverPlacement(platform, runId),
          serviceAccountName: serviceAccountName(name),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: APP_CONTAINER,
              image,
              imagePullPolicy,
              command: scriptCommand(ORDER_SERVICE_SCRIPT),
              env,
              ports: [{ name: 'http', containerPort: SERVICE_PORT, protocol: 'TCP' }],
              readinessProbe: {
                // The kubelet's HTTPS probe skips verification but presents no client certificate,
                // so an entry that requires one is probed by a TCP connect instead.
                ...(tls?.requireClientCertificate ? { tcpSocket: { port: 'http' } } : { httpGet: { path: '/readyz', port: 'http', ...(tls ? { scheme: 'HTTPS' } : {}) } }),
                periodSeconds: 2,
                timeoutSeconds: 1,
                failureThreshold: 3,
              },
              resources: ORDER_SERVICE_RESOURCES,
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

/**
 * The Service port's `appProtocol` for a load protocol: what Istio's explicit protocol selection
 * reads (http = HTTP/1.1 between sidecars; http2 and grpc = HTTP/2; docs/mesh-protocols.md).
 */
export function serviceAppProtocol(protocol: LoadProtocol | undefined): string {
  return protocol === 'grpc' ? 'grpc' : protocol === 'h2c' ? 'http2' : protocol === 'h2' ? 'https' : 'http';
}

function service(name: string, namespace: string, runId: string, appProtocol: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { ...runLabels(runId), [NAME_LABEL]: name } },
    spec: {
      type: 'ClusterIP',
      selector: { [NAME_LABEL]: name, [TIER_LABEL]: 'server' },
      // appProtocol tells the meshes which protocol the port speaks (Istio protocol selection; it
      // takes precedence over the port name).
      ports: [{ name: 'http', port: SERVICE_PORT, targetPort: 'http', protocol: 'TCP', appProtocol }],
    },
  };
}

/**
 * Deployments and Services of the workload (a chain or a fan-out), the entry service first. A
 * fan-out entry's DOWNSTREAM_URL lists its services, comma-separated: it calls them in parallel.
 */
export function orderServiceManifests(options: OrderServiceManifestOptions): { deployments: KubeObject[]; services: KubeObject[] } {
  const graph = serviceGraph(options.scenario.workload);
  const deployments = graph.map(({ name, downstreams }, i) =>
    deployment(name, downstreams.length > 0 ? downstreams.map((d) => serviceUrl(d, options.namespace)).join(',') : null, { ...options, entry: i === 0 }),
  );
  const protocol = options.scenario.load.protocol;
  // With load.tls the entry's port speaks TLS (appProtocol https: the meshes forward it as TLS).
  const appProtocol = (i: number) => (i === 0 && options.scenario.load.tls ? 'https' : serviceAppProtocol(protocol));
  return { deployments, services: graph.map(({ name }, i) => service(name, options.namespace, options.runId, appProtocol(i))) };
}
