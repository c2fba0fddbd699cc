import { describe, expect, it } from 'vitest';
import type { GateConfig } from '../../../src/compare/gate/gate-config.ts';
import { withGateDefaults } from '../../../src/compare/gate/gate-defaults.ts';
import { loadGateConfig } from '../../../src/compare/gate/gate-file.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const full = loadGateConfig('default', ROOT).gate;

describe('withGateDefaults', () => {
  it('fills pairing, screening, looks and underpowered of a hand-built config with the schema defaults', () => {
    const { pairing, screening, looks, underpowered, ...older } = full;
    const filled = withGateDefaults(older as GateConfig);
    expect(filled.pairing).toBe('auto');
    expect(filled.screening).toEqual({ maxLagFactor: 4, maxLateSendsPct: 5, maxStealPct: 5, maxDroppedPct: 20 });
    expect(filled.looks).toEqual({ spending: 'pocock', firstFraction: 0.5, firstShare: 0.5 });
    expect(filled.underpowered).toBe('ask');
    expect(filled.checks).toBe(full.checks);
  });

  it('keeps what the config has', () => {
    const own = { ...full, pairing: 'off' as const, looks: { spending: 'split' as const, firstFraction: 0.4, firstShare: 0.3 } };
    expect(withGateDefaults(own)).toMatchObject({ pairing: 'off', looks: { spending: 'split', firstFraction: 0.4, firstShare: 0.3 } });
  });
});
