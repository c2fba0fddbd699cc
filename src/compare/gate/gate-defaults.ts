/** The settings a hand-built GateConfig (older callers, tests) may lack, filled with the schema defaults. Pure. */
import { type GateConfig, LooksSchema, ScreeningRulesSchema } from './gate-config.ts';

/** The config with pairing, screening, looks and underpowered filled where absent. */
export function withGateDefaults(config: GateConfig): GateConfig {
  const partial = config as Partial<GateConfig> & GateConfig;
  return {
    ...config,
    pairing: partial.pairing ?? 'auto',
    screening: partial.screening ?? ScreeningRulesSchema.parse({}),
    looks: partial.looks ?? LooksSchema.parse({}),
    underpowered: partial.underpowered ?? 'ask',
  };
}
