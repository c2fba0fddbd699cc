import { describe, expect, it } from 'vitest';
import { HarnessError, interruptedError } from '../../src/errors.ts';
import { installHint, isBlocking, missingToolsError, probeTools, remedy, toolVersions } from '../../src/platform/tool-versions.ts';
import { FakeToolRunner, type ToolAnswer } from '../helpers/fake-tool-runner.ts';

const OUTPUTS: Record<string, ToolAnswer> = {
  kind: { stdout: 'kind v0.31.0 go1.24.6 linux/amd64' },
  kubectl: { stdout: '{"clientVersion":{"gitVersion":"v1.34.1"},"kustomizeVersion":"v5.7.1"}' },
  helm: { stdout: 'v3.19.0+g3d8990f' },
  istioctl: { stdout: '1.28.0' },
  linkerd: { stdout: 'Client version: edge-26.6.3' },
  cilium: { stdout: 'cilium-cli: v0.18.7 compiled with go1.25.0 on linux/amd64\nv1.18.0' },
  haproxy: { stdout: 'HAProxy version 2.8.5-1ubuntu3 2024/04/01 - https://haproxy.org/' },
  ip: { stdout: 'ip utility, iproute2-6.1.0, libbpf 1.1.2' },
  openssl: { stdout: 'OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)' },
  wrk: { stdout: 'wrk 4.1.0 [epoll] Copyright (C) 2012 Will Glozer', exitCode: 1 },
};

const need = (tool: string, extra: { pinnedVersion?: string; pinReason?: string; minimumVersion?: string } = {}) => ({ tool, why: `for ${tool}`, required: true, ...extra });

describe('probeTools', () => {
  it('asks each tool for its version its own way and reads the answer', async () => {
    const runner = new FakeToolRunner((file) => OUTPUTS[file] ?? {});
    const probes = await probeTools(Object.keys(OUTPUTS).map((t) => need(t)), { runner });
    expect(Object.fromEntries(probes.map((p) => [p.tool, p.version]))).toEqual({
      kind: 'v0.31.0',
      kubectl: 'v1.34.1',
      helm: 'v3.19.0+g3d8990f',
      istioctl: '1.28.0',
      linkerd: 'edge-26.6.3',
      cilium: 'v0.18.7',
      haproxy: '2.8.5-1ubuntu3',
      ip: '6.1.0',
      openssl: '3.0.13',
      wrk: '4.1.0',
    });
    expect(probes.every((p) => p.found && p.problem === null)).toBe(true);
    expect(runner.commandLines).toContain('kubectl version --client -o json');
    expect(runner.commandLines).toContain('wrk --version');
    expect(runner.calls.every((c) => c.options?.allowFailure === true)).toBe(true);
  });

  it('reports node as this process without running anything', async () => {
    const runner = new FakeToolRunner();
    expect((await probeTools([need('node')], { runner }))[0]).toMatchObject({ found: true, version: process.version, problem: null });
    expect(runner.calls).toEqual([]);
  });

  it('says when the Docker daemon does not answer, and that this blocks', async () => {
    const runner = new FakeToolRunner(() => ({ stdout: '28.3.0|', stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock\n', exitCode: 1 }));
    const [docker] = await probeTools([need('docker')], { runner });
    expect(docker).toMatchObject({ found: true, version: '28.3.0', problem: 'the Docker daemon does not answer: Cannot connect to the Docker daemon at unix:///var/run/docker.sock' });
    expect(docker && isBlocking(docker)).toBe(true);
    expect(docker && remedy(docker)).toMatch(/start the Docker daemon/);
  });

  it('notes a version other than the pin, or older than the minimum, without blocking', async () => {
    const runner = new FakeToolRunner((file) => OUTPUTS[file] ?? {});
    const [istioctl, kind, pinnedWithReason] = await probeTools(
      [need('istioctl', { pinnedVersion: '1.30.3' }), need('kind', { minimumVersion: 'v0.32.0' }), need('linkerd', { pinnedVersion: 'edge-26.8.3', pinReason: 'the CLI must match the mesh' })],
      { runner },
    );
    expect(istioctl?.problem).toBe('the target pins 1.30.3');
    expect(kind?.problem).toBe('version v0.32.0 or newer is needed');
    expect(pinnedWithReason?.problem).toBe('the CLI must match the mesh; found edge-26.6.3');
    for (const p of [istioctl, kind, pinnedWithReason]) expect(p && isBlocking(p)).toBe(false);
    const [matching] = await probeTools([need('istioctl', { pinnedVersion: 'v1.28.0' })], { runner });
    expect(matching?.problem).toBeNull();
  });

  it('marks a missing tool as not found, an unreadable one with its exit, and passes an interrupt on', async () => {
    const runner = new FakeToolRunner((file) =>
      file === 'kind' ? new HarnessError('TOOL_NOT_FOUND', 'required tool "kind" was not found on PATH') : { stdout: '', stderr: 'segfault\nmore', exitCode: 139 },
    );
    const [kind, helm] = await probeTools([need('kind'), need('helm')], { runner });
    expect(kind).toMatchObject({ found: false, version: null, problem: null, hint: installHint('kind') });
    expect(helm).toMatchObject({ found: true, version: null, problem: '`helm version --short` exited 139: segfault' });
    await expect(probeTools([need('kind')], { runner: new FakeToolRunner(() => interruptedError()) })).rejects.toMatchObject({ code: 'INTERRUPTED' });
  });
});

describe('missingToolsError', () => {
  it('is null when nothing blocks, optional tools included', async () => {
    const runner = new FakeToolRunner(() => new HarnessError('TOOL_NOT_FOUND', 'missing'));
    const probes = await probeTools([{ tool: 'wrk', why: 'compare', required: false }], { runner });
    expect(missingToolsError(probes, { platform: 'local' })).toBeNull();
  });

  it('names one missing tool, or lists several, with their install hints and why they are needed', async () => {
    const runner = new FakeToolRunner(() => new HarnessError('TOOL_NOT_FOUND', 'missing'));
    const one = missingToolsError(await probeTools([need('kind')], { runner }), { platform: 'kind' });
    expect(one?.code).toBe('TOOL_NOT_FOUND');
    expect(one?.message).toBe('required tool "kind" was not found on PATH (needed for the kind platform)');
    expect(one?.hint).toBe(installHint('kind'));
    const two = missingToolsError(await probeTools([need('kind'), need('kubectl')], { runner }), { platform: 'kind' });
    expect(two?.message).toBe('required tools are missing or unusable: kind, kubectl (needed for the kind platform)');
    expect(two?.details).toEqual(['kind: for kind', 'kubectl: for kubectl']);
  });
});

describe('toolVersions and installHint', () => {
  it('records the versions that were found', async () => {
    const runner = new FakeToolRunner((file) => (file === 'kind' ? OUTPUTS['kind'] ?? {} : new HarnessError('TOOL_NOT_FOUND', 'x')));
    expect(toolVersions(await probeTools([need('kind'), need('helm')], { runner }))).toEqual({ kind: 'v0.31.0' });
  });

  it('has a generic hint for tools it does not know', () => {
    expect(installHint('frobnicate')).toBe('install frobnicate and make sure it is on PATH');
  });
});
