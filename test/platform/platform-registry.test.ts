import { describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../src/config/config-files.ts';
import { platformFor } from '../../src/platform/platform-registry.ts';

const smoke = loadScenario('smoke').spec;
const baseline = loadTarget('baseline').spec;
const arm = {
  target: baseline,
  scenario: smoke,
  runId: '20261126-140000-baseline',
  resultPath: '/r/x.json',
  workDir: '/w',
  meshVersion: null,
  context: null,
  installMesh: false,
  keep: false,
  toolsDir: null,
};

describe('platformFor', () => {
  it('gives each platform its own provider: how arms run, whether a kept run needs its work dir', () => {
    expect(['local', 'kind', 'existing'].map((name) => platformFor(name as 'local'))).toMatchObject([
      { name: 'local', arms: 'same-host', keepsWorkDir: false },
      { name: 'kind', arms: 'cluster-per-arm', keepsWorkDir: true },
      { name: 'existing', arms: 'cluster-per-arm', keepsWorkDir: true },
    ]);
  });

  it('plans each platform its own way: processes on loopback, a kind cluster, the current context', () => {
    const local = platformFor('local').plan(arm);
    const kind = platformFor('kind').plan(arm);
    const existing = platformFor('existing').plan(arm);
    expect([local.platform, kind.platform, existing.platform]).toEqual(['local', 'kind', 'existing']);
    expect(local.cluster).toBeNull();
    expect(kind.steps.map((s) => s.id)).toContain('kind-create');
    expect(kind.teardown.map((s) => s.id)).toEqual(['kind-delete']);
    expect(existing.steps.map((s) => s.id)).toContain('kube-context');
    expect(existing.teardown.map((s) => s.id)).toEqual(['delete-namespaces']);
  });

  it('lists the platform\'s own tools without a target', () => {
    expect(platformFor('kind').requiredTools(null).map((t) => t.tool)).toEqual(['kind', 'docker', 'kubectl']);
    expect(platformFor('local').requiredTools(null).map((t) => t.tool)).toEqual(['node']);
  });
});
