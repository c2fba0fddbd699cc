/**
 * Pod annotations, which `KubeClient.listPods` does not carry: read with a raw pod list
 * (`GET /api/v1/namespaces/<ns>/pods`) and validated, e.g. for Istio ambient's
 * `ambient.istio.io/redirection` annotation.
 */
import * as z from 'zod';
import type { KubeClient } from '../../kube/kube-client.ts';

const PodListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({
        name: z.string(),
        labels: z.record(z.string(), z.string()).optional(),
        annotations: z.record(z.string(), z.string()).optional(),
      }),
      spec: z.object({ nodeName: z.string().optional() }).optional(),
      status: z.object({ phase: z.string().optional() }).optional(),
    }),
  ),
});

export interface PodMetadata {
  name: string;
  nodeName: string | null;
  phase: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Parses a raw PodList (pure). */
export function parsePodList(raw: unknown): PodMetadata[] {
  const list = PodListSchema.parse(raw);
  return list.items.map((item) => ({
    name: item.metadata.name,
    nodeName: item.spec?.nodeName ?? null,
    phase: item.status?.phase ?? 'Unknown',
    labels: item.metadata.labels ?? {},
    annotations: item.metadata.annotations ?? {},
  }));
}

/** Lists the pods of a namespace with labels and annotations. */
export async function listPodMetadata(kube: KubeClient, namespace: string): Promise<PodMetadata[]> {
  return parsePodList(await kube.getRaw(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`));
}
