/**
 * Parsing the kubelet Summary API: a recorded-shape answer of a kind worker running an
 * order-service pod with Istio's proxy as a native sidecar (an init container with
 * `restartPolicy: Always`, reported by the kubelet among the pod's containers), kindnet, and a pod
 * whose sidecar has no CPU counter yet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKubeletSummary } from '../../src/metrics/kubelet-summary.ts';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'kubelet-summary-istio-sidecar.json'), 'utf8')) as unknown;

describe('parseKubeletSummary', () => {
  it('reads each container\'s cumulative CPU counter with its own timestamp and its working set', () => {
    const summary = parseKubeletSummary(fixture);
    expect(summary.nodeName).toBe('meshbench-istio-sidecar-3f9a2c-worker');
    expect(summary.containers.map((c) => `${c.namespace}/${c.pod}/${c.container}`)).toEqual([
      'meshbench-3f9a2c/order-7d9c6b5f4-x2x8q/istio-proxy',
      'meshbench-3f9a2c/order-7d9c6b5f4-x2x8q/order-service',
      'kube-system/kindnet-7qz5k/kindnet-cni',
    ]);
    const [proxy, app] = summary.containers;
    expect(proxy?.sample).toEqual({ timeMs: Date.parse('2026-11-26T12:20:31Z'), cpuCoreSeconds: 61.23456789, memoryBytes: 62_914_560 });
    // Each container carries its own cAdvisor time: they differ within one answer.
    expect(app?.sample.timeMs).toBe(Date.parse('2026-11-26T12:20:34Z'));
    expect(app?.sample.cpuCoreSeconds).toBeCloseTo(78.123456789, 9);
  });

  it('reads the node totals', () => {
    expect(parseKubeletSummary(fixture).node).toEqual({ timeMs: Date.parse('2026-11-26T12:20:38Z'), cpuCoreSeconds: 812.345678901, memoryBytes: 2_406_326_272 });
  });

  it('leaves out containers without a CPU counter and accepts a node without pods', () => {
    const summary = parseKubeletSummary({ node: { nodeName: 'n' }, pods: null });
    expect(summary).toEqual({ nodeName: 'n', node: null, containers: [] });
  });

  it('names the field of a malformed answer', () => {
    expect(() => parseKubeletSummary({ node: {} })).toThrow(/unexpected kubelet summary: node\.nodeName/);
    expect(() => parseKubeletSummary({ node: { nodeName: 'n' }, pods: [{ podRef: { name: 'p' } }] })).toThrow(/pods\.0\.podRef\.namespace/);
  });
});
