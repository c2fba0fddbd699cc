import { describe, expect, it } from 'vitest';
import { agentPlacement, serverPlacement } from '../../src/workload/kube-placement.ts';

const SERVER_PODS = { matchLabels: { 'meshbench.io/tier': 'server', 'meshbench.io/run': 'run-1' } };

describe('placement on kind', () => {
  it('selects the labelled server and client workers', () => {
    expect(serverPlacement('kind', 'run 1')).toEqual({ nodeSelector: { 'meshbench.io/role': 'server' } });
    expect(agentPlacement('kind', 'run 1')).toEqual({ nodeSelector: { 'meshbench.io/role': 'client' } });
  });
});

describe('placement on an existing cluster', () => {
  it('draws the services together on one host', () => {
    expect(serverPlacement('existing', 'run 1')).toEqual({
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: SERVER_PODS, topologyKey: 'kubernetes.io/hostname' }] } },
    });
  });

  it('keeps the agents off the services\' host', () => {
    expect(agentPlacement('existing', 'run 1')).toEqual({
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: SERVER_PODS, topologyKey: 'kubernetes.io/hostname' }] } },
    });
  });
});
