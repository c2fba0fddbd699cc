import { describe, expect, it } from 'vitest';
import { switchingBackends } from '../../src/pipeline/feature-switch.ts';
import type { PreparedPlatform } from '../../src/platform/measurement-backend.ts';
import type { PlanStep } from '../../src/plan/plan-types.ts';

function fixture(options: { failSwitch?: boolean } = {}) {
  const events: string[] = [];
  const prepared = {
    backend: {
      agentRunner: {
        runRepetition: async () => {
          events.push('run');
          return [];
        },
      },
      createMeter: () => {
        throw new Error('not used');
      },
      checkComponents: async () => null,
    },
    runSteps: async (steps: readonly PlanStep[]) => {
      events.push(`switch ${steps.map((s) => s.id).join(',')}`);
      if (options.failSwitch) throw new Error('apply refused');
    },
  } as unknown as PreparedPlatform;
  const step = (label: string): PlanStep => ({ id: `features-${label}`, phase: 'measure', title: label, actions: [] });
  const steps = new Map(['a', 'b'].map((label) => [label, step(label)]));
  return { events, backends: switchingBackends({ labels: ['a', 'b'], prepared, steps }) };
}

describe('switchingBackends', () => {
  it('switches the cluster before a repetition of another arm, never twice in a row for the same arm', async () => {
    const { events, backends } = fixture();
    for (const label of ['a', 'b', 'b', 'a']) await backends.get(label)?.agentRunner.runRepetition({ specs: [] });
    expect(events).toEqual(['switch features-a', 'run', 'switch features-b', 'run', 'run', 'switch features-a', 'run']);
    expect(await backends.get('a')?.checkComponents?.()).toBeNull();
  });

  it('a failed switch fails the repetition and is retried before the next one', async () => {
    const { events, backends } = fixture({ failSwitch: true });
    await expect(backends.get('a')?.agentRunner.runRepetition({ specs: [] })).rejects.toThrow('apply refused');
    await expect(backends.get('a')?.agentRunner.runRepetition({ specs: [] })).rejects.toThrow('apply refused');
    expect(events).toEqual(['switch features-a', 'switch features-a']);
  });
});
