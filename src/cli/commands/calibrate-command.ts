/**
 * `bench calibrate <target>`: measures an interleaved A/A batch (the run pipeline with two
 * identical arms, ABBA) and writes a noise profile (compare/noise-profile.ts): per level and
 * metric the spread unpaired and within pairs, the sampling/drift split of latency quantiles,
 * and the smallest shift the gate can detect at several window lengths. `bench compare --noise`
 * and `bench run --budget` read it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadGateConfig } from '../../compare/gate/gate-file.ts';
import { buildNoiseProfile } from '../../compare/gate/noise-profile.ts';
import { renderNoiseProfile } from '../../compare/render/render-noise-profile.ts';
import type { ResultSource } from '../../compare/gate/repetition-pool.ts';
import { loadScenario, loadTarget } from '../../config/config-files.ts';
import { type PlatformName, PlatformNameSchema } from '../../config/target-schema.ts';
import { HarnessError, usageError } from '../../errors.ts';
import { ExecaCommandRunner } from '../../exec/command-runner.ts';
import { createProgress } from '../../render/progress.ts';
import { runBenchmark } from '../../pipeline/run-pipeline.ts';
import { parseResultFile, writeFileAtomic } from '../../results/result-file.ts';
import { toolsCacheRoot } from '../../tools/tool-cache.ts';
import { type CliContext, writeLine } from '../cli-context.ts';
import { HARNESS_VERSION } from '../harness-version.ts';
import { parsePositiveInt } from './option-parsers.ts';

interface CalibrateFlags {
  platform?: string;
  scenario: string;
  reps?: number;
  out?: string;
  gate: string;
  realtimeAgent?: boolean;
  quiet?: boolean;
  from?: string[];
}

/** Registers `bench calibrate`. */
export function registerCalibrateCommand(program: Command, ctx: CliContext): void {
  program
    .command('calibrate')
    .description('measure an interleaved A/A batch and write a noise profile for `compare --noise` and `run --budget`')
    .argument('<target>', 'target name (targets/<name>.yaml) or path')
    .option('-p, --platform <platform>', "kind | existing | local (default: the target's first platform)")
    .option('-s, --scenario <scenario>', 'scenario name or path', 'default')
    .option('--reps <n>', 'pairs per level (default: the scenario; 20 or more give a usable profile)', parsePositiveInt)
    .option('-o, --out <file>', 'noise profile file', 'noise-profile.json')
    .option('-g, --gate <file>', 'gate whose α and power the detectable shifts are stated for', 'default')
    .option('--realtime-agent', 'local platform: run the load agent at real-time priority')
    .option('-q, --quiet', 'no progress output')
    .option('--from <files...>', 'build the profile from the two arm files of an A/A batch already measured (no run)')
    .action(async (targetName: string, flags: CalibrateFlags) => {
      const gateConfig = loadGateConfig(flags.gate, ctx.cwd).gate;
      if (flags.from) {
        const sources = flags.from.map((file) => ({ file, result: parseResultFile(file, readFileSync(resolve(ctx.cwd, file), 'utf8')) }));
        if (sources.some((s) => s.result.target.name !== targetName)) throw usageError(`--from files are not results of ${targetName}`);
        writeProfile(sources, flags, gateConfig.familyAlpha, ctx);
        return;
      }
      const target = loadTarget(targetName, ctx.cwd).spec;
      const scenario = loadScenario(flags.scenario, ctx.cwd).spec;
      if (flags.reps !== undefined) scenario.load.repetitions = flags.reps;
      let platform: PlatformName = target.platforms[0] ?? 'kind';
      if (flags.platform !== undefined) {
        const parsed = PlatformNameSchema.safeParse(flags.platform);
        if (!parsed.success) throw usageError(`unknown platform "${flags.platform}"`, 'use kind, existing or local');
        platform = parsed.data;
      }
      const out = resolve(ctx.cwd, flags.out ?? 'noise-profile.json');
      const outcomes = await runBenchmark({
        target,
        scenario,
        platform,
        outPath: out.replace(/\.json$/, '') + '-aa.json',
        meshVersion: null,
        arms: ['aa1', 'aa2'],
        context: null,
        installMesh: false,
        toolsDir: existsSync(toolsCacheRoot(ctx.env)) ? toolsCacheRoot(ctx.env) : null,
        keep: false,
        noVerify: false,
        realtimeAgent: Boolean(flags.realtimeAgent),
        cwd: ctx.cwd,
        runner: ctx.runner ?? new ExecaCommandRunner(),
        progress: createProgress(ctx.stderr, { quiet: Boolean(flags.quiet) }),
        signal: ctx.signal,
        harnessVersion: HARNESS_VERSION,
      });
      writeProfile(
        outcomes.map((o) => ({ file: o.resultPath, result: o.result })),
        flags,
        gateConfig.familyAlpha,
        ctx,
      );
    });
}

function writeProfile(sources: ResultSource[], flags: CalibrateFlags, alpha: number, ctx: CliContext): void {
  let profile: ReturnType<typeof buildNoiseProfile>;
  try {
    profile = buildNoiseProfile({ sources, createdAt: new Date().toISOString() });
  } catch (err) {
    throw new HarnessError('RUN_INVALID', `no noise profile: ${(err as Error).message}`, { hint: 'give the two arm files of one `--arms` batch' });
  }
  const out = flags.out ?? 'noise-profile.json';
  writeFileAtomic(resolve(ctx.cwd, out), `${JSON.stringify(profile, null, 2)}\n`);
  ctx.stdout.write(renderNoiseProfile(profile, { alpha, power: 0.9 }));
  writeLine(ctx.stderr, `noise profile: ${out} (A/A results: ${sources.map((s) => s.file).join(', ')})`);
}
