/**
 * Cilium's resources for the scenario features (docs/capability-matrix.md "Cilium"): none yet.
 * What Cilium supports of the features is applied elsewhere: authz as CiliumNetworkPolicies with
 * the workload (enrol.ts), `telemetry: metrics` as Hubble install values (install.ts). Routes
 * (retries, timeouts, traffic split) would be GAMMA HTTPRoutes, which need Cilium installed with
 * the Gateway API enabled; features.ts states them as not implemented, so they are refused before
 * planning. This module keeps that promise checked: it fails loudly if the support table ever
 * claims an `objects` feature this file does not build.
 */
import { activeFeatures } from '../../config/scenario-features.ts';
import { HarnessError } from '../../errors.ts';
import { featureApplication } from '../../plan/feature-support.ts';
import type { KubeObject } from '../../plan/plan-types.ts';
import type { MeshPlanContext } from '../mesh.ts';
import { ciliumFeatureSupport } from './features.ts';

/** The features applied elsewhere (authz with the workload objects). */
const APPLIED_ELSEWHERE = new Set(['authz']);

/** The feature resources of the scenario: none (see the header). */
export function ciliumFeatureObjects(ctx: MeshPlanContext): KubeObject[] {
  const table = ciliumFeatureSupport(ctx.target);
  const features = ctx.scenario.features;
  const unbuilt = activeFeatures(features).filter((name) => !APPLIED_ELSEWHERE.has(name) && featureApplication(table, features, name) === 'objects');
  if (unbuilt.length > 0) throw new HarnessError('INTERNAL', `the Cilium support table says ${unbuilt.join(', ')} is applied as objects, but no Cilium resource is built for it`);
  return [];
}
