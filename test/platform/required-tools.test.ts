/** Which tools a run needs: requirements merge to the strictest one; a host without kubectl fails the preflight. */
import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../src/config/config-files.ts';
import { HarnessError } from '../../src/errors.ts';
import type { CommandRunner } from '../../src/exec/command-runner.ts';
import { mergeRequirements, requiredTools } from '../../src/platform/required-tools.ts';
import { missingToolsError, probeTools } from '../../src/platform/tool-versions.ts';

describe('requiredTools', () => {
  for (const target of ['linkerd', 'cilium', 'istio-sidecar', 'istio-ambient', 'istio-waypoint']) {
    it(`${target} on kind: kubectl is required (the mesh calls it), listed once`, () => {
      const tools = requiredTools({ platform: 'kind', target: loadTarget(target).spec });
      const kubectl = tools.filter((t) => t.tool === 'kubectl');
      expect(kubectl).toHaveLength(1);
      expect(kubectl[0]?.required).toBe(true);
    });
  }

  it('baseline on kind: kubectl stays optional', () => {
    const tools = requiredTools({ platform: 'kind', target: loadTarget('baseline').spec });
    expect(tools.find((t) => t.tool === 'kubectl')?.required).toBe(false);
  });

  it('merging keeps the strictest requirement whatever the order', () => {
    const optional = { tool: 'kubectl', why: 'inspect', required: false };
    const required = { tool: 'kubectl', why: 'apply', required: true, pinnedVersion: 'v1.35.0' };
    for (const list of [[optional, required], [required, optional]]) {
      expect(mergeRequirements(list)).toEqual([{ tool: 'kubectl', why: 'apply', required: true, pinnedVersion: 'v1.35.0' }]);
    }
  });

  it('a host without kubectl fails the preflight check, naming kubectl', async () => {
    const runner: CommandRunner = {
      run: async (file, args) => {
        if (file === 'kubectl') throw new HarnessError('TOOL_NOT_FOUND', 'kubectl not found');
        const stdout = file === 'kind' ? 'kind v0.31.0 go1.25.5 linux/amd64' : file === 'docker' ? '28.5.1|28.5.1' : file === 'linkerd' ? 'edge-26.8.3' : 'GNU bash, version 5.2.15';
        return { command: `${file} ${args.join(' ')}`, stdout, stderr: '', exitCode: 0, durationMs: 1 };
      },
    };
    const probes = await probeTools(requiredTools({ platform: 'kind', target: loadTarget('linkerd').spec }), { runner });
    const error = missingToolsError(probes, { platform: 'kind' });
    expect(error?.message).toBe('required tool "kubectl" was not found on PATH (needed for the kind platform)');
  });

  it('refuses a mesh version outside the recorded data or the node\'s Kubernetes range, naming the range', () => {
    const target = loadTarget('istio-sidecar').spec;
    expect(() => requiredTools({ platform: 'kind', target, meshContext: { ...neutral(target), meshVersion: '1.27.9' } })).toThrow(/istio 1\.27\.9 is not a release line.*/);
    expect(() => requiredTools({ platform: 'kind', target, meshContext: { ...neutral(target), meshVersion: '1.28.10' } })).toThrow('istio 1.28.10 supports Kubernetes 1.30–1.34, but the kind node image runs Kubernetes 1.35');
    expect(() => requiredTools({ platform: 'kind', target, meshContext: { ...neutral(target), meshVersion: '1.29.6' } })).not.toThrow();
  });
});

function neutral(target: ReturnType<typeof loadTarget>['spec']) {
  return {
    target,
    scenario: {} as never,
    platform: 'kind' as const,
    meshVersion: null,
    namespace: 'ns',
    probeNamespace: 'ns-probe',
    clusterName: null,
    kubeconfigPath: '',
    toolsDir: null,
  };
}
