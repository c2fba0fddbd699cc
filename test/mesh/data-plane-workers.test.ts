/** Worker threads recorded per data-plane component: each proxy's own setting. */
import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/config/config-files.ts';
import { dataPlaneWorkers } from '../../src/mesh/data-plane-workers.ts';

describe('dataPlaneWorkers', () => {
  it('names the setting each data plane really reads', () => {
    expect(dataPlaneWorkers(loadTarget('istio-sidecar').spec)).toEqual({ 'istio-proxy': '2 (ProxyConfig concurrency)' });
    expect(dataPlaneWorkers(loadTarget('istio-ambient').spec)).toEqual({ ztunnel: '2 (ZTUNNEL_WORKER_THREADS)' });
    expect(dataPlaneWorkers(loadTarget('istio-waypoint').spec)).toEqual({ ztunnel: '2 (ZTUNNEL_WORKER_THREADS)', waypoint: '2 (ProxyConfig concurrency)' });
    expect(Object.keys(dataPlaneWorkers(loadTarget('linkerd').spec))).toEqual(['linkerd-proxy']);
    expect(dataPlaneWorkers(loadTarget('baseline').spec)).toEqual({});
  });
});
