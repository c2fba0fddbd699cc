import { describe, expect, it } from 'vitest';
import { renderDoctorTable } from '../../../src/cli/commands/doctor-command.ts';
import type { ToolProbe } from '../../../src/platform/tool-versions.ts';
import { runBench } from '../../helpers/cli-harness.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

function probe(overrides: Partial<ToolProbe>): ToolProbe {
  return { tool: 'kind', why: 'create kind clusters', required: true, found: true, version: 'v0.31.0', problem: null, hint: 'install kind', ...overrides };
}

describe('renderDoctorTable', () => {
  it('one row per tool: status, and how to fix only what is missing or unusable', () => {
    const lines = renderDoctorTable([
      probe({}),
      probe({ tool: 'docker', found: false, version: null, hint: 'install Docker' }),
      probe({ tool: 'kubectl', required: false, found: false, version: null, hint: 'install kubectl' }),
    ]);
    expect(lines[0]).toMatch(/^TOOL +NEEDED FOR +VERSION +STATUS +HOW TO FIX$/);
    expect(lines[1]).toMatch(/^kind +create kind clusters +v0\.31\.0 +ok$/);
    expect(lines[2]).toMatch(/^docker .* MISSING +install Docker/);
    expect(lines[3]).toMatch(/ missing \(optional\) +install kubectl/);
    expect(lines).toHaveLength(4);
  });

  it('lists problems of found tools below the table', () => {
    const lines = renderDoctorTable([probe({ problem: 'the node image is published for kind v0.31.0; found v0.30.0', version: 'v0.30.0', pinnedVersion: '0.31.0' })]);
    expect(lines.slice(-2)).toEqual(['', 'kind: the node image is published for kind v0.31.0; found v0.30.0']);
  });
});

describe('bench doctor', () => {
  it('the local platform needs node only, and says whether network namespaces are available', async () => {
    const run = await runBench(['doctor', '--platform', 'local'], { cwd: ROOT });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^node +run the order-service and the load agents +${process.version.replace(/\./g, '\\.')} +ok$`, 'm'));
    expect(run.stdout).toMatch(/^network namespaces \(netns-\* targets\): (available|unavailable: .+)$/m);
    expect(run.stderr).toContain('ready for the local platform');
  });

  it('refuses an unknown platform with exit 2', async () => {
    const run = await runBench(['doctor', '--platform', 'mars'], { cwd: ROOT });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: unknown platform "mars"');
  });
});
