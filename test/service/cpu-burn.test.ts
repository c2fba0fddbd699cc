import { describe, expect, it } from 'vitest';
import { burnCpuUs } from '../../src/service/cpu-burn.ts';

describe('burnCpuUs', () => {
  it('uses at least the asked CPU time of this process', () => {
    const before = process.cpuUsage();
    const reported = burnCpuUs(20_000);
    const used = process.cpuUsage(before);
    expect(reported).toBeGreaterThanOrEqual(20_000);
    expect(used.user + used.system).toBeGreaterThanOrEqual(20_000);
  });

  it('does nothing for 0', () => {
    expect(burnCpuUs(0)).toBe(0);
  });
});
