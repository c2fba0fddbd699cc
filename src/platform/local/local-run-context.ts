/** What one local run (an arm) is given: the target, scenario, launchers and knobs. */
import type { Injection } from '../../config/injection.ts';
import type { Scenario } from '../../config/scenario-schema.ts';
import type { Target } from '../../config/target-schema.ts';
import type { CommandRunner } from '../../exec/command-runner.ts';
import type { ProgramLauncher } from './local-service-chain.ts';

export interface LocalLaunchers {
  orderService: ProgramLauncher;
  agent: ProgramLauncher;
}

export interface LocalRunContext {
  target: Target;
  scenario: Scenario;
  runId: string;
  resultPath: string;
  /** The run's scratch folder (certificates, proxy configs). */
  workDir: string;
  launchers: LocalLaunchers;
  /** Run the agent under SCHED_FIFO (--realtime-agent, realtime-agent.ts). */
  realtimeAgent?: boolean | undefined;
  /** Calibration knobs (--inject): CPU burnt per request in services and sidecars. */
  injection?: Injection | undefined;
  runner: CommandRunner;
  signal?: AbortSignal | undefined;
}
