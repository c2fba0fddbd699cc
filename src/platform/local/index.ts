/**
 * The local platform as a Platform: the workload bundled into the run's folder and started as
 * child processes on loopback (local-platform.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkloadScripts } from '../../workload/workload-bundle.ts';
import type { Platform, PlatformRunOptions } from '../platform.ts';
import { requiredTools } from '../required-tools.ts';
import { localFeatureSupport } from './local-feature-support.ts';
import { planLocalRun, prepareLocalPlatform } from './local-platform.ts';
import type { LocalLaunchers, LocalRunContext } from './local-run-context.ts';

/** Launchers used by the dry-run plan and the local platform. */
function localLaunchers(workDir: string): LocalLaunchers {
  // The semi-space flag makes young-generation GCs rarer: fewer pauses in the send loop.
  return {
    orderService: { command: process.execPath, args: [join(workDir, 'order-service.mjs')] },
    agent: { command: process.execPath, args: ['--max-semi-space-size=32', join(workDir, 'load-agent.mjs')] },
  };
}

/** What a local run of one arm is given (the plan and the preparation take the same). */
function localRunContext(options: PlatformRunOptions): Omit<LocalRunContext, 'runner' | 'signal'> {
  return {
    target: options.target,
    scenario: options.scenario,
    runId: options.runId,
    resultPath: options.resultPath,
    workDir: options.workDir,
    launchers: localLaunchers(options.workDir),
    realtimeAgent: options.realtimeAgent,
    injection: options.injection,
  };
}

export const localPlatform: Platform = {
  name: 'local',
  arms: 'same-host',
  keepsWorkDir: false,
  requiredTools: (target) => requiredTools({ platform: 'local', target }),
  featureSupport: localFeatureSupport,
  plan: (options) => planLocalRun(localRunContext(options)),
  prepare: async (options) => {
    const scripts = await bundleWorkloadScripts();
    writeFileSync(join(options.workDir, 'order-service.mjs'), scripts.orderService);
    writeFileSync(join(options.workDir, 'load-agent.mjs'), scripts.agent);
    return prepareLocalPlatform({
      ...localRunContext(options),
      runner: options.runner,
      signal: options.signal,
    });
  },
};
