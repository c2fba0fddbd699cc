/**
 * What the SMP export reads from a result file beyond the pooled numbers: the mTLS mode and its
 * verification, the proxy concurrency of the resolved target spec, and the run's nodes. Pure.
 */
import type { ResultFile } from '../../results/result-schema.ts';
import { bytesToMib } from '../report-format.ts';
import type { ReportSeries } from '../report-model.ts';
import type { SmpNode } from './smp-schema.ts';

function recordOf(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The scenario's `features.mtls` mode, if it sets one. */
export function mtlsModeOf(result: ResultFile): string | null {
  const mode = recordOf(result.scenario.spec['features'])?.['mtls'];
  return typeof mode === 'string' ? mode : null;
}

/** Whether traffic was mTLS: never without a mesh; with one, unless the mode is `off`. */
export function mtlsEnabled(series: ReportSeries, result: ResultFile): boolean {
  if (series.mesh === 'none') return false;
  const mode = mtlsModeOf(result);
  return mode === null ? true : mode !== 'off';
}

/** Whether the run's mTLS/TLS verification checks all passed; null when there were none. */
export function mtlsVerified(result: ResultFile): boolean | null {
  const checks = result.verification.checks.filter((c) => /mtls|tls/i.test(c.name));
  return checks.length ? checks.every((c) => c.passed) : null;
}

/** Envoy workers (Istio `proxyConcurrency`) or haproxy threads, from the resolved target spec. */
export function proxyConcurrencyOf(result: ResultFile): number | null {
  const mesh = recordOf(result.target.spec['mesh']);
  const value = mesh?.['proxyConcurrency'] ?? mesh?.['threads'];
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** Nodes of the run (SMP `EnvironmentConfig.Node`: `memMb` is an int64, a string in JSON). kind nodes are containers sharing the host's cores and memory. */
export function nodesOf(result: ResultFile): SmpNode[] {
  const env = result.environment;
  const host = { cores: env.cores, memMb: String(Math.round(bytesToMib(env.memoryBytes))) };
  if (result.target.platform === 'local') return [{ type: 'local-host', ...host }];
  const shape = recordOf(result.target.clusterShape);
  if (result.target.platform === 'kind') {
    const workers = typeof shape?.['workers'] === 'number' ? shape['workers'] : 0;
    return [{ type: 'kind-control-plane (shares host)', ...host }, ...Array.from({ length: workers }, () => ({ type: 'kind-worker (shares host)', ...host }))];
  }
  const nodes = shape?.['nodes'];
  if (!Array.isArray(nodes)) return [];
  return nodes.flatMap((n): SmpNode[] => {
    const node = recordOf(n);
    if (!node || typeof node['cores'] !== 'number') return [];
    const memoryBytes = typeof node['memoryBytes'] === 'number' ? node['memoryBytes'] : 0;
    return [{ type: String(node['type'] ?? node['name'] ?? 'node'), cores: node['cores'], memMb: String(Math.round(bytesToMib(memoryBytes))) }];
  });
}
