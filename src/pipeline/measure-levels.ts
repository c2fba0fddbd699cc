/**
 * The measurement loop: for each level, for each repetition, warm-up then the measured window on
 * every arm, metering resources over the window, and writing each arm's result file atomically
 * after every repetition (a crash keeps what was measured).
 *
 * With two arms (an A/B comparison, e.g. two mesh versions) repetitions are interleaved ABBA —
 * A B, B A, A B, … — so slow drift of the machine cancels instead of showing up as a difference
 * (docs/methodology.md "Interleaving arms").
 */
import type { Scenario } from '../config/scenario-schema.ts';
import type { AgentSpec, TlsClientSpec } from '../plan/agent-protocol.ts';
import { isInterrupted, interruptedError } from '../errors.ts';
import { buildRepetition } from '../results/build-repetition.ts';
import { summarizeLevel } from '../results/level-summary.ts';
import { writeResultFile } from '../results/result-file.ts';
import type { Level, ResultFile } from '../results/result-schema.ts';
import type { Progress } from '../render/progress.ts';
import { componentFailedError, componentFailureReason, lostAgentResult } from './component-failure.ts';
import type { ComponentFailure, MeasurementBackend } from '../platform/measurement-backend.ts';

export interface MeasuredArm {
  /** Empty for a single-arm run. */
  label: string;
  backend: MeasurementBackend;
  targetUrl: string;
  /** https:// targets: how the agents speak TLS to it (scenario load.tls, files where the agents read them). */
  agentTls?: TlsClientSpec | undefined;
  result: ResultFile;
  resultPath: string;
}

export interface MeasureLevelsOptions {
  scenario: Scenario;
  arms: MeasuredArm[];
  progress: Progress;
  signal?: AbortSignal | undefined;
  /** Gap before each agent start, so agents on several hosts start together. */
  agentStartDelayMs?: number;
}

/** Splits a level's rate across agents (the last agent takes the rounding remainder). */
export function agentSpecs(options: { scenario: Scenario; rps: number; targetUrl: string; agentTls?: TlsClientSpec | undefined; repetitionSeed: number; startAtMs: number }): AgentSpec[] {
  const { scenario, rps } = options;
  const n = scenario.load.agents;
  return Array.from({ length: n }, (_, i) => ({
    targetUrl: options.targetUrl,
    rps: rps / n,
    engine: scenario.load.engine,
    arrival: scenario.load.arrival,
    connections: scenario.load.connections,
    warmupMs: scenario.load.warmupMs,
    durationMs: scenario.load.durationMs,
    timeoutMs: scenario.load.timeoutMs,
    maxQueuedRequests: scenario.load.maxQueuedRequests,
    threads: scenario.load.threads,
    // HTTP/1.1 specs stay as they were; HTTP/2 and gRPC name their protocol and streams.
    ...(scenario.load.protocol === undefined || scenario.load.protocol === 'http1' ? {} : { protocol: scenario.load.protocol, maxStreams: scenario.load.maxStreams }),
    ...(options.agentTls ? { tls: options.agentTls } : {}),
    requests: scenario.requests,
    seedOrders: scenario.workload.seedOrders,
    seed: options.repetitionSeed,
    agentIndex: i,
    startAtMs: options.startAtMs,
  }));
}

/** ABBA order of arm indices for a round. */
export function armOrder(armCount: number, round: number): number[] {
  const order = Array.from({ length: armCount }, (_, i) => i);
  return round % 2 === 0 ? order : order.reverse();
}

/** Measures one repetition; returns the component that died during it, if any (the repetition is then invalid). */
async function measureOnce(options: {
  arm: MeasuredArm;
  scenario: Scenario;
  level: Level;
  repetition: number;
  /** Position of this window in the batch's measurement order. */
  sequence: number;
  signal?: AbortSignal | undefined;
  startDelayMs: number;
  progress: Progress;
}): Promise<ComponentFailure | null> {
  const { arm, scenario, level } = options;
  const meter = arm.backend.createMeter();
  await meter.start();
  const startedAt = new Date().toISOString();
  const specs = agentSpecs({
    scenario,
    rps: level.targetRps,
    targetUrl: arm.targetUrl,
    agentTls: arm.agentTls,
    repetitionSeed: scenario.load.seed + level.index * 1_000 + options.repetition,
    startAtMs: Date.now() + options.startDelayMs,
  });
  let agents: Awaited<ReturnType<MeasurementBackend['agentRunner']['runRepetition']>>;
  let failure: ComponentFailure | null = null;
  // The latest counts of each agent's window so far (live progress on a terminal).
  const soFar = new Map<number, { completed: number; errors: number; windowStartMs: number; timeMs: number }>();
  try {
    agents = await arm.backend.agentRunner.runRepetition({
      specs,
      signal: options.signal,
      onEvent: (event) => {
        if ((event.type === 'window-start' || event.type === 'window-end') && event.agentIndex === 0) void meter.sampleNow();
        if (event.type === 'progress') {
          soFar.set(event.agentIndex, event);
          const all = [...soFar.values()];
          const elapsedMs = Math.max(...all.map((a) => a.timeMs)) - Math.min(...all.map((a) => a.windowStartMs));
          options.progress.live({ completed: all.reduce((n, a) => n + a.completed, 0), errors: all.reduce((n, a) => n + a.errors, 0), elapsedMs });
        }
      },
    });
    if (options.signal?.aborted) throw interruptedError();
    failure = (await arm.backend.checkComponents?.()) ?? null;
  } catch (err) {
    // A dead agent (or service) is a component failure: record the lost repetition, then stop.
    failure = isInterrupted(err) || options.signal?.aborted ? null : ((await arm.backend.checkComponents?.()) ?? null);
    if (!failure) {
      await meter.stop({ startMs: 0, endMs: 0, achievedRps: 0, completedRequests: 0 }).catch(() => undefined);
      throw err;
    }
    const intendedStartMs = (specs[0]?.startAtMs ?? Date.now()) + scenario.load.warmupMs;
    agents = specs.map((spec) => lostAgentResult(spec, { startMs: intendedStartMs, endMs: intendedStartMs + scenario.load.durationMs }));
  }
  const startMs = Math.min(...agents.map((a) => a.windowStartMs));
  const endMs = Math.max(...agents.map((a) => a.windowEndMs));
  const completed = agents.reduce((s, a) => s + a.completed, 0);
  const window = await meter.stop({ startMs, endMs, achievedRps: completed / ((endMs - startMs) / 1_000), completedRequests: completed });
  const repetition = buildRepetition({
    index: options.repetition,
    arm: arm.label,
    sequence: options.sequence,
    startedAt,
    targetRps: level.targetRps,
    agents,
    window,
    validity: scenario.validity,
  });
  if (failure) {
    repetition.valid = false;
    repetition.invalidReasons.unshift(componentFailureReason(failure));
  }
  level.repetitions.push(repetition);
  level.summary = summarizeLevel(level.repetitions);
  arm.result.updatedAt = new Date().toISOString();
  writeResultFile(arm.resultPath, arm.result);
  options.progress.repetitionDone(repetition);
  return failure;
}

function measuredRepetitions(arms: readonly MeasuredArm[]): number {
  return arms.reduce((n, arm) => n + arm.result.levels.reduce((m, l) => m + l.repetitions.length, 0), 0);
}

/** Runs every level × repetition on every arm. Results are updated in place and written as it goes. */
export async function measureLevels(options: MeasureLevelsOptions): Promise<void> {
  const { scenario, arms, progress, signal } = options;
  const levels = scenario.load.levels;
  const reps = scenario.load.repetitions;
  const perRepMs = scenario.load.warmupMs + scenario.load.durationMs + 1_000;
  let remainingMs = levels.length * reps * arms.length * perRepMs;
  let sequence = 0;
  // A component that died after preparing: nothing measured yet, nothing to mark.
  for (const arm of arms) {
    const failure = (await arm.backend.checkComponents?.()) ?? null;
    if (failure) throw componentFailedError({ failure, where: 'before the first repetition', keptRepetitions: 0, resultPaths: arms.map((a) => a.resultPath) });
  }
  for (const [levelIndex, levelSpec] of levels.entries()) {
    const armLevels = arms.map((arm) => {
      const level: Level = { index: levelIndex, targetRps: levelSpec.rps, repetitions: [], summary: summarizeLevel([]) };
      arm.result.levels.push(level);
      return level;
    });
    for (let rep = 0; rep < reps; rep++) {
      for (const armIndex of armOrder(arms.length, rep)) {
        if (signal?.aborted) throw interruptedError();
        const arm = arms[armIndex] as MeasuredArm;
        progress.repetition({ level: levelIndex, levels: levels.length, rps: levelSpec.rps, repetition: rep, repetitions: reps, arm: arm.label, remainingMs });
        const failure = await measureOnce({
          arm,
          scenario,
          level: armLevels[armIndex] as Level,
          repetition: rep,
          sequence: sequence++,
          signal,
          startDelayMs: options.agentStartDelayMs ?? 0,
          progress,
        });
        if (failure) {
          throw componentFailedError({
            failure,
            where: `during level ${levelIndex + 1} (${levelSpec.rps} rps), repetition ${rep + 1}${arm.label ? ` of arm ${arm.label}` : ''}`,
            keptRepetitions: measuredRepetitions(arms) - 1,
            resultPaths: arms.map((a) => a.resultPath),
          });
        }
        remainingMs -= perRepMs;
      }
    }
  }
}
