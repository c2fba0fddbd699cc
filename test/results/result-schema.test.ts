import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LatencySummarySchema, RESULT_SCHEMA_VERSION, ResultFileSchema } from '../../src/results/result-schema.ts';
import { buildResultFile } from '../helpers/result-builder.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('ResultFileSchema', () => {
  const built = buildResultFile({ levels: [{ targetRps: 100, repetitions: [{ p99Us: 1000 }] }] });

  it('accepts a complete result file of the current version, and the shipped fixture', () => {
    expect(RESULT_SCHEMA_VERSION).toBe('1.0');
    expect(ResultFileSchema.safeParse(built).success).toBe(true);
    const fixture: unknown = JSON.parse(readFileSync(`${ROOT}test/fixtures/results/baseline.json`, 'utf8'));
    expect(ResultFileSchema.safeParse(fixture).success).toBe(true);
  });

  it('refuses a file missing its levels or its run id, naming the field', () => {
    const { levels, ...noLevels } = built;
    expect(ResultFileSchema.safeParse(noLevels).error?.issues[0]?.path).toEqual(['levels']);
    expect(ResultFileSchema.safeParse({ ...built, runId: 7 }).error?.issues[0]?.path).toEqual(['runId']);
  });

  it('a generator section with per-thread health round-trips; files without it (older ones) still validate', () => {
    const rep = built.levels[0]!.repetitions[0]!;
    expect(rep.generator.threads).toBeUndefined();
    const threads = [
      { agentIndex: 0, index: 0, sent: 600, dropped: 0, lateSends: 3, lagP50Us: 80, lagP99Us: 950, cpuSeconds: 0.4, cpuUtilization: 0.2 },
      { agentIndex: 0, index: 1, sent: 600, dropped: 1, lateSends: 0, lagP50Us: 75, lagP99Us: 900, cpuSeconds: null, cpuUtilization: null },
    ];
    const withThreads = { ...built, levels: [{ ...built.levels[0]!, repetitions: [{ ...rep, generator: { ...rep.generator, threads } }] }] };
    const parsed = ResultFileSchema.parse(JSON.parse(JSON.stringify(withThreads)));
    expect(parsed.levels[0]?.repetitions[0]?.generator.threads).toEqual(threads);
    const broken = { ...withThreads, levels: [{ ...withThreads.levels[0]!, repetitions: [{ ...rep, generator: { ...rep.generator, threads: [{ ...threads[0], sent: -1 }] } }] }] };
    expect(ResultFileSchema.safeParse(broken).error?.issues[0]?.path).toEqual(['levels', 0, 'repetitions', 0, 'generator', 'threads', 0, 'sent']);
  });

  it('latencies are non-negative integers counts and microseconds', () => {
    const summary = { count: 10, minUs: 1, meanUs: 2, p50Us: 2, p75Us: 3, p90Us: 4, p99Us: 5, p999Us: 6, maxUs: 7 };
    expect(LatencySummarySchema.safeParse(summary).success).toBe(true);
    expect(LatencySummarySchema.safeParse({ ...summary, p99Us: -1 }).success).toBe(false);
    expect(LatencySummarySchema.safeParse({ ...summary, count: 1.5 }).success).toBe(false);
  });
});
