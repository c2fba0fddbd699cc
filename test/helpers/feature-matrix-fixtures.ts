/**
 * Synthetic result files of a `bench run proxy-mtls --features-matrix retries,upstreamHttp2,accessLog`
 * batch (one file per arm, one batch id), for the report tests: each feature arm costs a little
 * more latency and CPU than the features-off arm.
 */
import type { ReportSource } from '../../src/report/report-model.ts';
import { buildSyntheticResult } from './report-fixtures.ts';

const ARMS = [
  { label: 'features-off', feature: null, medianUs: 900, vcpu: 0.3, memory: 9 },
  { label: 'retries', feature: 'retries', medianUs: 930, vcpu: 0.31, memory: 9.3 },
  { label: 'upstreamHttp2', feature: 'upstreamHttp2', medianUs: 980, vcpu: 0.34, memory: 9.8 },
  { label: 'accessLog', feature: 'accessLog', medianUs: 960, vcpu: 0.36, memory: 9.1 },
] as const;

/** The four arms' result files, 8 repetitions at 500 rps each. */
export function featureMatrixSources(): ReportSource[] {
  const features = Object.fromEntries(ARMS.map((a) => [a.label, a.feature]));
  const settings = { 'features-off': 'the listed features off', retries: 'retries: 2 on connect-failure, gateway-error', upstreamHttp2: 'upstreamHttp2: on', accessLog: 'accessLog: on' };
  return ARMS.map((arm, i) => {
    const result = buildSyntheticResult({
      name: 'proxy-mtls',
      mesh: 'haproxy',
      mode: 'sidecar-pair',
      version: null,
      platform: 'local',
      levelsRps: [500],
      repetitions: 8,
      medianUs: arm.medianUs,
      sigma: 0.25,
      seed: 40 + i,
      samplesPerRepetition: 2_000,
      arms: [arm.label],
      dataPlane: [
        { component: 'haproxy-client', instances: 1, vcpuPer1kRps: arm.vcpu / 2, memoryPerInstanceMib: arm.memory },
        { component: 'haproxy-server', instances: 1, vcpuPer1kRps: arm.vcpu / 2, memoryPerInstanceMib: arm.memory },
      ],
      hostCoreSecondsPer1kRequests: 1.2,
      runId: `matrix-${arm.label}`,
      // Each arm's scenario differs in its features, so in its content hash.
      scenarioHash: `sha256:${String(i).repeat(64)}`,
    });
    result.batch = { id: 'batch-matrix', arms: ARMS.map((a) => a.label), order: 'ABBA', method: 'same-host', featureMatrix: { features, settings } };
    return { path: `matrix-${arm.label}.json`, result };
  });
}
