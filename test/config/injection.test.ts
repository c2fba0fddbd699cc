import { describe, expect, it } from 'vitest';
import { describeInjection, isInjecting, parseInjections, type ParseInjectionsOptions } from '../../src/config/injection.ts';
import { HarnessError } from '../../src/errors.ts';
import { runBench } from '../helpers/cli-harness.ts';

const base: ParseInjectionsOptions = {
  flags: [],
  arms: ['base', 'head'],
  platform: 'local',
  services: ['gateway', 'order'],
  hasSidecars: true,
  targetName: 'proxy-mtls',
};

function refusal(options: Partial<ParseInjectionsOptions>): string {
  try {
    parseInjections({ ...base, ...options });
  } catch (err) {
    expect(err).toBeInstanceOf(HarnessError);
    expect((err as HarnessError).code).toBe('USAGE');
    return (err as HarnessError).message;
  }
  throw new Error('expected a refusal');
}

describe('parseInjections', () => {
  it('gives each arm its own costs; arms without a flag stay unmodified', () => {
    const map = parseInjections({ ...base, flags: ['head:service-cpu-us=40', 'head:proxy-cpu-us=25'] });
    expect([...map.keys()]).toEqual(['head']);
    expect(map.get('head')).toEqual({ serviceCpuUs: { gateway: 40, order: 40 }, proxyCpuUs: 25 });
    expect(map.get('base')).toBeUndefined();
  });

  it('targets one service of the chain with service-cpu-us.<service>', () => {
    const map = parseInjections({ ...base, flags: ['head:service-cpu-us.order=70'] });
    expect(map.get('head')).toEqual({ serviceCpuUs: { order: 70 }, proxyCpuUs: 0 });
  });

  it('takes no arm on a single run', () => {
    const map = parseInjections({ ...base, arms: [], flags: ['service-cpu-us=10'] });
    expect(map.get('')).toEqual({ serviceCpuUs: { gateway: 10, order: 10 }, proxyCpuUs: 0 });
  });

  it('refuses Kubernetes platforms', () => {
    expect(refusal({ platform: 'kind', flags: ['head:service-cpu-us=40'] })).toMatch(/only on the local platform, not on kind/);
    expect(refusal({ platform: 'existing', flags: ['head:service-cpu-us=40'] })).toMatch(/not on existing/);
  });

  it('refuses bad flags, naming the flag and the problem', () => {
    expect(refusal({ flags: ['service-cpu-us=40'] })).toMatch(/"service-cpu-us=40": name the arm it applies to \(one of base, head\)/);
    expect(refusal({ flags: ['tail:service-cpu-us=40'] })).toMatch(/arm "tail" is not one of --arms/);
    expect(refusal({ arms: [], flags: ['head:service-cpu-us=40'] })).toMatch(/names arm "head" but the run has no --arms/);
    expect(refusal({ flags: ['head:memory-mb=40'] })).toMatch(/unknown knob "memory-mb"/);
    expect(refusal({ flags: ['head:service-cpu-us=4.5'] })).toMatch(/whole number of µs/);
    expect(refusal({ flags: ['head:service-cpu-us=-3'] })).toMatch(/whole number of µs/);
    expect(refusal({ flags: ['head:service-cpu-us=2000000'] })).toMatch(/whole number of µs from 0 to 1000000/);
    expect(refusal({ flags: ['head:service-cpu-us.payments=5'] })).toMatch(/service "payments" is not in the scenario's chain \(gateway, order\)/);
    expect(refusal({ flags: ['head:proxy-cpu-us.order=5'] })).toMatch(/takes no service name/);
    expect(refusal({ hasSidecars: false, targetName: 'baseline', flags: ['head:proxy-cpu-us=5'] })).toMatch(/target "baseline" has no emulated sidecars/);
    expect(refusal({ flags: ['head'] })).toMatch(/not of the form/);
  });

  it('describes what was injected', () => {
    const injection = { serviceCpuUs: { order: 40 }, proxyCpuUs: 25 };
    expect(isInjecting(injection)).toBe(true);
    expect(isInjecting({ serviceCpuUs: { order: 0 }, proxyCpuUs: 0 })).toBe(false);
    expect(describeInjection(injection)).toBe('order +40 µs CPU per request; each sidecar +25 µs CPU per request');
  });
});

describe('bench run --inject', () => {
  it('exits 2 on kind with a clear message', async () => {
    const run = await runBench(['run', 'istio-sidecar', '--platform', 'kind', '--arms', '1.28.1,1.29.1', '--inject', '1.29.1:service-cpu-us=40', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--inject runs only on the local platform, not on kind/);
  });

  it('exits 2 for a bad flag on the local platform', async () => {
    const run = await runBench(['run', 'baseline', '--platform', 'local', '--arms', 'a,b', '--inject', 'b:proxy-cpu-us=40', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/target "baseline" has no emulated sidecars/);
  });

  it('shows the injected costs in the dry-run plan', async () => {
    const run = await runBench(['run', 'proxy-mtls', '--platform', 'local', '--scenario', 'smoke', '--inject', 'service-cpu-us=40', '--inject', 'proxy-cpu-us=25', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"CPU_COST_US": "40"');
    expect(run.stdout).toContain('each sidecar burns 25 µs of CPU per request');
  });
});
