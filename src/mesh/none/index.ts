/**
 * The baseline: no mesh. Nothing to install or enrol; verification records that the workload
 * runs without proxies so a baseline result can never be mistaken for a meshed one.
 */
import { mergeEnrolment } from '../common/enrolment.ts';
import { noFeatureSupport } from '../../plan/feature-support.ts';
import type { MeshModule } from '../mesh.ts';

export const noMesh: MeshModule = {
  name: 'none',
  requiredTools: () => [],
  featureSupport: () => noFeatureSupport('the baseline runs no proxy, so no mesh capability can be switched on'),
  planInstall: () => [],
  namespaceMetadata: (ctx) => mergeEnrolment({ labels: {}, annotations: {} }, ctx.target),
  workloadObjects: () => ({ manifests: [], actions: [] }),
  planVerification: (ctx) => [
    {
      kind: 'check',
      description: 'workload pods run without a mesh proxy',
      check: 'no-proxy',
      params: { namespace: ctx.namespace },
    },
  ],
  checks: {
    'no-proxy': async (params, runtime) => {
      const namespace = String(params['namespace']);
      const pods = await runtime.kube.listPods(namespace);
      const proxied = pods.filter((p) =>
        [...p.containers, ...p.initContainers.map((c) => c.name)].some((c) => /(^|-)proxy$|^istio-proxy$|^linkerd-proxy$/.test(c)),
      );
      return {
        name: 'no-proxy',
        passed: proxied.length === 0,
        evidence: pods.map((p) => `${p.name}: containers ${p.containers.join(',')}`),
      };
    },
  },
  readRunningVersion: async () => null,
};
