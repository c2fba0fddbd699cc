/**
 * How many worker threads each data-plane component runs with, as the harness configures it (pure;
 * recorded in the result's `target.dataPlaneWorkers`). Each proxy reads its own setting:
 * - Envoy (Istio sidecars and waypoints): ProxyConfig `concurrency` (meshConfig.defaultConfig);
 * - ztunnel: `ZTUNNEL_WORKER_THREADS` (it ignores ProxyConfig; without it, it sizes from its CPU limit);
 * - Linkerd proxy and Cilium: not set by the harness; the upstream default applies (linkerd-proxy:
 *   `proxy.runtime.workers.minimum` 1 unless a CPU limit is set; cilium-envoy: chart default).
 * Sources: docs/pins.md.
 */
import type { Target } from '../config/target-schema.ts';

export function dataPlaneWorkers(target: Target): Record<string, string> {
  const mesh = target.mesh;
  if (mesh.name === 'istio') {
    const n = String(mesh.proxyConcurrency);
    if (mesh.mode === 'sidecar') return { 'istio-proxy': `${n} (ProxyConfig concurrency)` };
    const out: Record<string, string> = { ztunnel: `${n} (ZTUNNEL_WORKER_THREADS)` };
    if (mesh.mode === 'waypoint') out['waypoint'] = `${n} (ProxyConfig concurrency)`;
    return out;
  }
  if (mesh.name === 'linkerd') return { 'linkerd-proxy': 'upstream default (proxy.runtime.workers.minimum 1; not set by the harness)' };
  if (mesh.name === 'cilium') return { 'cilium-envoy': 'upstream default (not set by the harness)' };
  return {};
}
