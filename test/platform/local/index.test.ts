import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../../src/config/config-files.ts';
import { localPlatform } from '../../../src/platform/local/index.ts';

const ROOT = join(import.meta.dirname, '../../..');

describe('localPlatform', () => {
  it('runs arms side by side on this host and leaves no work dir behind', () => {
    expect([localPlatform.name, localPlatform.arms, localPlatform.keepsWorkDir]).toEqual(['local', 'same-host', false]);
  });

  it('plans the bundled programs from the run\'s folder on this node, the agent with a larger young generation', () => {
    const plan = localPlatform.plan({
      target: loadTarget('baseline', ROOT).spec,
      scenario: loadScenario('default', ROOT).spec,
      runId: 'r1',
      resultPath: '/results/r1.json',
      workDir: '/tmp/meshbench-run-x',
      meshVersion: null,
      context: null,
      installMesh: false,
      keep: false,
      toolsDir: null,
    });
    const start = plan.steps.find((s) => s.id === 'start-services')?.actions[0];
    expect(start?.kind === 'command' && [start.tool, ...start.args]).toEqual([process.execPath, '/tmp/meshbench-run-x/order-service.mjs']);
    const measure = plan.steps.find((s) => s.id === 'measure')?.actions[0];
    expect(measure?.description).toContain(`\`${process.execPath} --max-semi-space-size=32 /tmp/meshbench-run-x/load-agent.mjs\``);
  });

  it('needs no cluster tools for the baseline', () => {
    const tools = localPlatform.requiredTools(loadTarget('baseline', ROOT).spec).map((t) => t.tool);
    expect(tools).not.toContain('kind');
    expect(tools).not.toContain('kubectl');
  });
});
