/** Messages between the open loop's coordinator and its worker threads (open-loop-threads.ts). */
import type { RequestSpec } from '../config/scenario-schema.ts';
import type { AgentThreadHealth } from '../plan/agent-protocol.ts';
import type { EngineResult, OpenLoopOptions } from './open-loop-engine.ts';

export const OPEN_LOOP_THREAD_KIND = 'meshbench-open-loop-thread';

/** How a thread builds its request picker (functions do not cross threads). */
export type PickerSpec =
  | { kind: 'mix'; requests: RequestSpec[]; seedOrders: number; seed: number }
  | { kind: 'fixed'; method: string; path: string; body: string | null; headers: Record<string, string>; seed: number };

export interface ThreadStart {
  type: 'start';
  options: Omit<OpenLoopOptions, 'picker' | 'signal' | 'onWindowStart' | 'onWindowEnd'>;
  picker: PickerSpec;
}

export type ThreadMessage =
  | { type: 'ready' }
  | { type: 'result'; result: EngineResult; health: AgentThreadHealth }
  | { type: 'error'; message: string; aborted: boolean };
