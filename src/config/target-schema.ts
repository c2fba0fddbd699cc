/**
 * What is measured, declared in `clusters/<name>.yaml`: a mesh in one mode, how it is installed,
 * how a workload namespace is enrolled, which data-plane components are metered, and the kind
 * cluster shape it needs. Strict: unknown fields are errors.
 */
import { KIND_PIN } from './release-pins.ts';
import * as z from 'zod';
import { CONFIG_API_VERSION } from './scenario-schema.ts';

/** The pinned kind node image, by digest (src/config/release-pins.ts, docs/pins.md). */
export const DEFAULT_KIND_NODE_IMAGE: string = KIND_PIN.nodeImage;

export const PlatformNameSchema = z.enum(['kind', 'existing', 'local']);
export type PlatformName = z.infer<typeof PlatformNameSchema>;

const stringMap = z.record(z.string(), z.string());

const NoMeshSchema = z.object({ name: z.literal('none'), mode: z.literal('none').default('none') }).strict();

/** Local emulated sidecar pair: two haproxy processes with mutual TLS between them. */
const HaproxyMeshSchema = z
  .object({
    name: z.literal('haproxy'),
    mode: z.literal('sidecar-pair').default('sidecar-pair'),
    /** haproxy worker threads per proxy (`nbthread`), like Istio's proxy concurrency. */
    threads: z.number().int().positive().max(64).default(1),
  })
  .strict();

/**
 * Local network-namespace emulation of a mesh (docs/netns-targets.md): pods and nodes are network
 * namespaces; `baseline` has no proxy, `sidecar` captures every pod's traffic into an haproxy in
 * the pod with iptables, `node-proxy` captures it into one haproxy per node that tunnels mTLS.
 */
const NetnsMeshSchema = z
  .object({
    name: z.literal('netns'),
    mode: z.enum(['baseline', 'sidecar', 'node-proxy']),
    /** haproxy worker threads per proxy (`nbthread`). */
    threads: z.number().int().positive().max(64).default(1),
  })
  .strict();

const IstioMeshSchema = z
  .object({
    name: z.literal('istio'),
    mode: z.enum(['sidecar', 'ambient', 'waypoint']),
    version: z.string().regex(/^\d+\.\d+\.\d+(-[\w.]+)?$/, 'must be an Istio release such as 1.28.0'),
    /** istioctl profile: `default` for sidecar, `ambient` for ambient and waypoint. */
    profile: z.enum(['default', 'ambient', 'minimal', 'demo']),
    /** Envoy worker threads, pinned for fairness (Istio publishes with 2). */
    proxyConcurrency: z.number().int().positive().max(64).default(2),
    /** Gateway API CRD release; defaults to the one matching the Istio minor (docs/mesh-install.md "Gateway API CRDs"). */
    gatewayApiVersion: z.string().regex(/^v\d+\.\d+\.\d+$/).optional(),
    /** Extra `--set key=value` for istioctl install. */
    values: stringMap.default({}),
  })
  .strict();

const LinkerdMeshSchema = z
  .object({
    name: z.literal('linkerd'),
    mode: z.literal('sidecar').default('sidecar'),
    /** Edge release, e.g. edge-26.6.3 (Linkerd 2.20). */
    version: z.string().regex(/^edge-\d+\.\d+\.\d+$/, 'must be an edge release such as edge-26.6.3'),
    gatewayApiVersion: z.string().regex(/^v\d+\.\d+\.\d+$/).default('v1.2.1'),
    /** Cluster-wide default inbound policy; `all-authenticated` is the like-for-like of STRICT. */
    defaultInboundPolicy: z.enum(['all-authenticated', 'all-unauthenticated', 'cluster-authenticated']).default('all-authenticated'),
    values: stringMap.default({}),
  })
  .strict();

const CiliumMeshSchema = z
  .object({
    name: z.literal('cilium'),
    mode: z.literal('ebpf').default('ebpf'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a Cilium release such as 1.18.2'),
    /** Transparent encryption; WireGuard is the comparable choice on kind (mutual auth is deprecated). */
    encryption: z.enum(['wireguard', 'none']).default('wireguard'),
    kubeProxyReplacement: z.boolean().default(true),
    /** Extra `--set key=value` for the Cilium Helm chart. */
    values: stringMap.default({}),
  })
  .strict();

export const MeshSpecSchema = z.discriminatedUnion('name', [
  NoMeshSchema,
  HaproxyMeshSchema,
  NetnsMeshSchema,
  IstioMeshSchema,
  LinkerdMeshSchema,
  CiliumMeshSchema,
]);

/** A data-plane component to meter (containers selected in the cluster). */
export const DataPlaneComponentSchema = z
  .object({
    /** Component label in results, e.g. `ztunnel`. */
    component: z.string().min(1),
    /** Container name; native sidecars under initContainers are found too. */
    container: z.string().min(1),
    /** Namespace; `$workload` means the run's own namespace. */
    namespace: z.string().min(1),
    /** Pod label selector, e.g. `{ app: ztunnel }`; empty means every pod with the container. */
    podLabels: stringMap.default({}),
    /** `workload`: only pods on the nodes hosting the load agent and the services (per-node proxies). */
    nodes: z.enum(['workload', 'all']).default('all'),
  })
  .strict();

export const ClusterShapeSchema = z
  .object({
    workers: z.number().int().min(2, 'needs two workers: the load agent and the services on different nodes').max(10).default(2),
    nodeImage: z.string().includes('@sha256:', { message: 'pin the node image by digest (image@sha256:…)' }).default(DEFAULT_KIND_NODE_IMAGE),
    disableDefaultCNI: z.boolean().default(false),
    kubeProxyMode: z.enum(['iptables', 'ipvs', 'nftables', 'none']).default('iptables'),
  })
  .strict();

export const TargetSchema = z
  .object({
    apiVersion: z.literal(CONFIG_API_VERSION),
    kind: z.literal('Target'),
    name: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$/, 'must be lowercase letters, digits and dashes'),
    description: z.string().default(''),
    /** Platforms the target can run on; the first is the default. */
    platforms: z.array(PlatformNameSchema).min(1),
    mesh: MeshSpecSchema,
    /** How the workload namespace is enrolled in the mesh. */
    enrol: z
      .object({ namespaceLabels: stringMap.default({}), namespaceAnnotations: stringMap.default({}) })
      .strict()
      .prefault({}),
    dataPlane: z.array(DataPlaneComponentSchema).default([]),
    cluster: ClusterShapeSchema.prefault({}),
  })
  .strict();

export type TargetInput = z.input<typeof TargetSchema>;
export type Target = z.output<typeof TargetSchema>;
export type MeshSpec = z.output<typeof MeshSpecSchema>;
export type IstioMeshSpec = z.output<typeof IstioMeshSchema>;
export type LinkerdMeshSpec = z.output<typeof LinkerdMeshSchema>;
export type CiliumMeshSpec = z.output<typeof CiliumMeshSchema>;
export type HaproxyMeshSpec = z.output<typeof HaproxyMeshSchema>;
export type NetnsMeshSpec = z.output<typeof NetnsMeshSchema>;
export type DataPlaneComponent = z.output<typeof DataPlaneComponentSchema>;
export type ClusterShape = z.output<typeof ClusterShapeSchema>;
