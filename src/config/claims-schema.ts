/**
 * Published performance claims (`claims/published.yaml`): what a vendor page or a blog post says a
 * mesh costs, with the conditions it was measured under and where it was published. The report
 * sets a measured value beside each claim and says whether the conditions match; a claim is never
 * shown as a measurement (docs/capability-matrix.md "Published claims"). Strict: unknown fields
 * are errors.
 */
import * as z from 'zod';
import { CONFIG_API_VERSION } from './scenario-schema.ts';

/** What a claim quantifies, in the unit it names. */
export const CLAIM_METRICS = [
  'added-latency-p50-ms',
  'added-latency-p90-ms',
  'added-latency-p99-ms',
  'vcpu-per-1k-rps-per-proxy',
  'memory-per-proxy-mb',
] as const;
export type ClaimMetric = (typeof CLAIM_METRICS)[number];

const ValueSchema = z.union([
  z.number().nonnegative(),
  z
    .object({ min: z.number().nonnegative(), max: z.number().nonnegative() })
    .strict()
    .refine((r) => r.min <= r.max, { message: 'min must not exceed max' }),
]);

export const ClaimSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$/, 'must be lowercase letters, digits and dashes'),
    mesh: z.enum(['istio', 'linkerd', 'cilium']),
    /** The target mode the claim is about (as in clusters/*.yaml). */
    mode: z.enum(['sidecar', 'ambient', 'waypoint', 'ebpf']),
    /** The release measured, as published (e.g. `1.24`, `2.10.2`), or `unstated`. */
    version: z.string().min(1),
    metric: z.enum(CLAIM_METRICS),
    /** A number, or a range `{ min, max }`, in the metric's unit. */
    value: ValueSchema,
    /** How it was measured. Absent fields were not published. */
    conditions: z
      .object({
        rps: z.number().positive().optional(),
        payloadBytes: z.number().int().nonnegative().optional(),
        connections: z.number().int().positive().optional(),
        mtls: z.boolean().optional(),
        proxyWorkers: z.number().int().positive().optional(),
        /** Cluster, hardware, topology, load tool: in words. */
        environment: z.string().min(1),
      })
      .strict(),
    source: z
      .object({
        title: z.string().min(1),
        url: z.string().url().optional(),
        /** `vendor` (the mesh's own docs or blog), `third-party` (anyone else, competitors included), or `folklore` (repeated, no primary measurement found). */
        kind: z.enum(['vendor', 'third-party', 'folklore']),
      })
      .strict(),
  })
  .strict();

export const ClaimsFileSchema = z
  .object({
    apiVersion: z.literal(CONFIG_API_VERSION),
    kind: z.literal('Claims'),
    claims: z.array(ClaimSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.claims.forEach((claim, i) => {
      if (seen.has(claim.id)) ctx.addIssue({ code: 'custom', path: ['claims', i, 'id'], message: `duplicate claim id "${claim.id}"` });
      seen.add(claim.id);
    });
  });

export type Claim = z.output<typeof ClaimSchema>;
export type ClaimsFile = z.output<typeof ClaimsFileSchema>;
