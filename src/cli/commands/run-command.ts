import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadScenario, loadTarget } from '../../config/config-files.ts';
import { parseInjections } from '../../config/injection.ts';
import { featureMatrixArms, featureSetArms, parseFeatureList } from '../../config/scenario-features.ts';
import { PlatformNameSchema, type PlatformName } from '../../config/target-schema.ts';
import { HarnessError, isInterrupted, usageError } from '../../errors.ts';
import { ExecaCommandRunner } from '../../exec/command-runner.ts';
import { createProgress } from '../../render/progress.ts';
import { defaultKubeconfigPath } from '../../kube/kubeconfig-path.ts';
import { renderPlan, renderPlanJson } from '../../render/render-plan.ts';
import { renderRunSummary, runSummaryJson } from '../../render/render-run-summary.ts';
import { BUSY_HOST_REMEDY } from '../../results/build-repetition.ts';
import { planRun, planRunArms, runBenchmark } from '../../pipeline/run-pipeline.ts';
import { toolsCacheRoot } from '../../tools/tool-cache.ts';
import { serviceNames } from '../../workload/service-chain.ts';
import { idleSweepArms } from '../../config/idle-services.ts';
import { type CliContext, writeLine } from '../cli-context.ts';
import { HARNESS_VERSION } from '../harness-version.ts';
import { applyBudget } from './budget-option.ts';
import { jsonDestination, jsonOption, type JsonFlag, tableStream, writeJson } from './json-output.ts';
import { parsePositiveInt } from './option-parsers.ts';

interface RunFlags {
  platform?: string;
  scenario: string;
  out?: string;
  force?: boolean;
  meshVersion?: string;
  reps?: number;
  arms?: string;
  featuresMatrix?: string;
  keep?: boolean;
  verify: boolean;
  dryRun?: boolean;
  json?: JsonFlag;
  full?: boolean;
  quiet?: boolean;
  context?: string;
  installMesh?: boolean;
  toolsDir?: string;
  realtimeAgent?: boolean;
  budget?: string;
  noise?: string;
  inject: string[];
}

export function registerRunCommand(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('provision the platform, install the target mesh, deploy the workload, measure, write a result file')
    .argument('<target>', 'target name (clusters/<name>.yaml) or path')
    .option('-p, --platform <platform>', 'kind | existing | local (default: the target\'s first platform)')
    .option('-s, --scenario <scenario>', 'scenario name (scenarios/<name>.yaml) or path', 'default')
    .option('-o, --out <file>', 'result file (default results/<run-id>.json); never overwritten unless --force')
    .option('--force', 'replace an existing --out file (and its --arms files)')
    .option('--mesh-version <version>', 'install this mesh version instead of the target\'s pin (upgrade tests)')
    .option('--reps <n>', 'repetitions per level (overrides the scenario)', parsePositiveInt)
    .option('--arms <labels>', 'interleaved A/B (ABBA): comma-separated arms, e.g. two mesh versions 1.27.3,1.28.1; one result file per arm')
    .option(
      '--features-matrix <features>',
      'cost of features: measure the target with the listed features (e.g. retries,upstreamHttp2,accessLog) each on and all off, interleaved ABBA as arms; one result file per arm',
    )
    .option('--keep', 'keep the cluster or processes after the run')
    .option('--no-verify', 'measure even if mesh verification fails (recorded in the result)')
    .option('--dry-run', 'print the plan (every command and manifest) and stop')
    .addOption(jsonOption('the run summary (with --dry-run: the plan)'))
    .option('--full', 'with --dry-run: include the bundled scripts in full')
    .option('--context <name>', 'existing platform: the kube context to use (default: current)')
    .option('--install-mesh', 'existing platform: install the target\'s mesh (default: require it to be there)')
    .option('--tools-dir <dir>', 'pinned mesh CLIs from `bench tools install` (default: its cache when present, else PATH)')
    .option('--realtime-agent', 'local platform, open loop: run the load agent at real-time priority (chrt -f; needs root or CAP_SYS_NICE) so it never waits for a CPU behind the services')
    .option('--budget <duration>', 'pick repetitions (and with --noise the window length) for this measured time, e.g. 15m')
    .option('--noise <profile>', 'with --budget: noise profile from `bench calibrate`')
    .option(
      '--inject <[arm:]knob=µs>',
      'calibration run, local platform: inject a real per-request CPU cost (service-cpu-us[.SERVICE]=N, proxy-cpu-us=N), per arm with --arms (e.g. head:service-cpu-us=40); repeatable; recorded in the result',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('-q, --quiet', 'no progress output')
    .action(async (targetName: string, flags: RunFlags) => {
      const target = loadTarget(targetName, ctx.cwd).spec;
      const scenario = loadScenario(flags.scenario, ctx.cwd).spec;
      if (flags.reps !== undefined) {
        if (flags.reps < scenario.validity.minValidRepetitions) {
          throw usageError(
            `--reps ${flags.reps} is below the scenario's validity.minValidRepetitions ${scenario.validity.minValidRepetitions}: every level would be invalid`,
            `use --reps ${scenario.validity.minValidRepetitions} or more`,
          );
        }
        scenario.load.repetitions = flags.reps;
      }
      if (flags.featuresMatrix !== undefined && flags.arms !== undefined) {
        throw usageError('--features-matrix and --arms both set the arms of a batch', 'use one of them: the feature matrix names its arms after the features');
      }
      let featureArms: Array<{ label: string; feature: string | null; scenario: typeof scenario; setting?: string }> | null = null;
      if (scenario.featureSets && (flags.featuresMatrix !== undefined || flags.arms !== undefined)) {
        throw usageError(
          `scenario "${scenario.name}" lists featureSets, which are the arms of its batch; ${flags.featuresMatrix !== undefined ? '--features-matrix' : '--arms'} sets them too`,
          'drop the flag, or use a scenario without featureSets',
        );
      }
      if (scenario.featureSets) featureArms = featureSetArms(scenario);
      if (flags.featuresMatrix !== undefined) {
        try {
          featureArms = featureMatrixArms(scenario, parseFeatureList(flags.featuresMatrix));
        } catch (err) {
          throw usageError(`--features-matrix ${flags.featuresMatrix}: ${(err as Error).message}`, 'e.g. --features-matrix retries,upstreamHttp2,accessLog');
        }
      }
      const sweepArms = idleSweepArms(scenario);
      if (sweepArms.length > 0 && (featureArms || flags.arms !== undefined)) {
        throw usageError(
          `scenario "${scenario.name}" sweeps workload.idleServices (one arm per count), which ${featureArms ? '--features-matrix' : '--arms'} would also set`,
          'drop the flag, or give the scenario a single idleServices count',
        );
      }
      if (flags.budget !== undefined) {
        const arms = sweepArms.length > 0 ? sweepArms.length : featureArms ? featureArms.length : flags.arms ? flags.arms.split(',').filter((a) => a.trim()).length : 1;
        writeLine(ctx.stderr, applyBudget({ budget: flags.budget, noise: flags.noise, scenario, arms, cwd: ctx.cwd }));
      }
      let platform: PlatformName = target.platforms[0] ?? 'kind';
      if (flags.platform !== undefined) {
        const parsed = PlatformNameSchema.safeParse(flags.platform);
        if (!parsed.success) throw usageError(`unknown platform "${flags.platform}"`, 'use kind, existing or local');
        platform = parsed.data;
      }
      const json = jsonDestination({ flag: flags.json, cwd: ctx.cwd, what: flags.dryRun ? 'JSON plan' : 'JSON run summary', inputs: flags.out ? [flags.out] : [] });
      if (flags.realtimeAgent && platform !== 'local') {
        throw usageError(`--realtime-agent is for the local platform; on ${platform} the agent runs in a pod`, 'drop --realtime-agent, or use --platform local');
      }
      if (flags.realtimeAgent && scenario.load.engine !== 'open') {
        throw usageError(
          `--realtime-agent needs an open-loop scenario; "${scenario.name}" runs a closed loop, which would hold a core at real-time priority`,
          'use an open-loop scenario (load.engine: open)',
        );
      }
      const arms = sweepArms.length > 0 ? sweepArms.map((a) => a.label) : featureArms ? featureArms.map((a) => a.label) : flags.arms ? flags.arms.split(',').map((a) => a.trim()).filter(Boolean) : [];
      const injections = parseInjections({
        flags: flags.inject,
        arms,
        platform,
        services: serviceNames(scenario.workload),
        hasSidecars: target.mesh.name === 'haproxy',
        targetName: target.name,
      });
      const runner = ctx.runner ?? new ExecaCommandRunner();
      const options = {
        target,
        scenario,
        platform,
        outPath: flags.out ?? null,
        force: Boolean(flags.force),
        meshVersion: flags.meshVersion ?? null,
        arms,
        injections,
        featureMatrix: featureArms
          ? {
              scenarios: new Map(featureArms.map((a) => [a.label, a.scenario])),
              features: new Map(featureArms.map((a) => [a.label, a.feature])),
              settings: new Map(featureArms.flatMap((a) => (a.setting === undefined ? [] : [[a.label, a.setting] as const]))),
            }
          : undefined,
        idleSweep: sweepArms.length > 0 ? new Map(sweepArms.map((a) => [a.label, a.scenario])) : undefined,
        context: flags.context ?? null,
        userKubeconfig: platform === 'existing' ? defaultKubeconfigPath(ctx.env) : null,
        installMesh: Boolean(flags.installMesh),
        toolsDir: flags.toolsDir ?? (existsSync(toolsCacheRoot(ctx.env)) ? toolsCacheRoot(ctx.env) : null),
        keep: Boolean(flags.keep),
        noVerify: !flags.verify,
        realtimeAgent: Boolean(flags.realtimeAgent),
        cwd: ctx.cwd,
        runner,
        progress: createProgress(ctx.stderr, { quiet: Boolean(flags.quiet) }),
        signal: ctx.signal,
        harnessVersion: HARNESS_VERSION,
        kubeTuning: ctx.kubeTuning,
      };
      if (flags.dryRun) {
        if (arms.length < 2) {
          const plan = planRun(options);
          if (json) writeJson(ctx, json, renderPlanJson(plan, { full: flags.full }));
          // The text plan is the table of --dry-run: on stdout unless the JSON has it.
          if (!json?.toStdout) ctx.stdout.write(renderPlan(plan, { full: flags.full }));
          return;
        }
        // Every arm's plan, in preparation order, with how they share the hardware.
        const { method, plans } = planRunArms(options);
        if (json) {
          const rendered = plans.map((plan) => JSON.parse(renderPlanJson(plan, { full: flags.full })) as unknown);
          writeJson(ctx, json, { batch: { arms, order: 'ABBA', method }, plans: rendered });
        }
        if (!json?.toStdout) {
          ctx.stdout.write(`arms ${arms.join(', ')}: ${method}, repetitions interleaved ABBA\n\n`);
          for (const [i, plan] of plans.entries()) ctx.stdout.write(`== arm ${arms[i]} ==\n${renderPlan(plan, { full: flags.full })}\n`);
        }
        return;
      }
      const outcomes = await runBenchmark(options).catch((err: unknown) => {
        throw isInterrupted(err) ? interruptedRunError({ err, platform, keep: Boolean(flags.keep) }) : err;
      });
      // The summary names each result file; it is the one place the path is printed.
      const table = tableStream(ctx, json);
      for (const { result, resultPath } of outcomes) table.write(renderRunSummary(result, resultPath));
      if (json) writeJson(ctx, json, runSummaryJson(outcomes));
      const invalid = outcomes.find((o) => !o.result.valid);
      if (invalid) {
        const result = invalid.result;
        const reasons = result.levels.flatMap((l) => l.repetitions.flatMap((r) => r.invalidReasons));
        const levelProblem = result.warnings.find((w) => w.startsWith('level '));
        const why = levelProblem ? `${levelProblem}${reasons[0] ? `; e.g. ${reasons[0]}` : ''}` : reasons[0];
        const busyHost = reasons.some((r) => r.startsWith('busy host'));
        throw new HarnessError('RUN_INVALID', `the result is invalid: ${why ?? result.warnings[0] ?? 'see the result file'}`, {
          hint: `measurements were kept in the result file (shown above, marked invalid) but must not be compared; ${busyHost ? `the host was busy: ${BUSY_HOST_REMEDY}` : 'lower the rate, add agents, or check the service'}`,
        });
      }
    });
}

/** The interruption of `bench run`, with what was cleaned up (or kept) on this platform. */
export function interruptedRunError(options: { err: unknown; platform: PlatformName; keep: boolean }): HarnessError {
  const { err, platform, keep } = options;
  const cleaned = keep
    ? {
        local: 'the processes this run started keep running (--keep); `bench clusters prune --yes` stops them',
        kind: 'the kind cluster this run created keeps running (--keep); `bench clusters prune --yes` deletes it',
        existing: 'the namespaces this run created were kept (--keep); delete them with kubectl when done',
      }[platform]
    : {
        local: 'the processes this run started (services, proxies, load agents) were stopped and its temp folder removed',
        kind: 'the kind cluster this run created was deleted',
        existing: 'the namespaces this run created were deleted',
      }[platform];
  return new HarnessError('INTERRUPTED', err instanceof Error ? err.message : 'interrupted', {
    hint: `the repetitions finished so far were kept in the result file (status "interrupted"); ${cleaned}`,
    cause: err,
  });
}
