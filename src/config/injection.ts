/**
 * Injected regressions (calibration knobs): `bench run … --inject [ARM:]KNOB=VALUE`, repeatable.
 * They slow the system for real, so the gate can be calibrated on real regressions, not on
 * multiplied numbers. Only the local platform runs them; a result measured with one records it
 * (`injection`), so nobody mistakes a calibration run for a real one. See docs/calibration-knobs.md.
 *
 * Knobs:
 * - `service-cpu-us=N`: every service of the chain burns N µs of CPU per order request;
 *   `service-cpu-us.<service>=N` only that one (gateway, order, fulfillment, …).
 * - `proxy-cpu-us=N`: each emulated sidecar (both haproxy processes of `proxy-mtls`) burns N µs
 *   of CPU per request.
 */
import { HarnessError } from '../errors.ts';

/** What one arm (or a single run) is made slower by. */
export interface Injection {
  /** µs of CPU per order request, by service name (only services with a cost are listed). */
  serviceCpuUs: Record<string, number>;
  /** µs of CPU per request in each emulated sidecar; 0 = none. */
  proxyCpuUs: number;
}

/** Largest injectable cost, µs per request (a second per request is no longer a calibration). */
export const MAX_INJECTED_US = 1_000_000;

const FLAG_PATTERN = /^(?:([^:=]+):)?([a-z-]+)(?:\.([a-z0-9-]+))?=(.*)$/;

function injectError(flag: string, problem: string, hint?: string): HarnessError {
  return new HarnessError('USAGE', `--inject ${JSON.stringify(flag)}: ${problem}`, {
    hint: hint ?? 'use --inject [ARM:]service-cpu-us[.SERVICE]=N or --inject [ARM:]proxy-cpu-us=N (N in µs of CPU per request)',
  });
}

/** An injection with nothing in it. */
export function noInjection(): Injection {
  return { serviceCpuUs: {}, proxyCpuUs: 0 };
}

/** True when the injection slows anything. */
export function isInjecting(injection: Injection | null | undefined): injection is Injection {
  return injection !== null && injection !== undefined && (injection.proxyCpuUs > 0 || Object.values(injection.serviceCpuUs).some((us) => us > 0));
}

/** One line for people: `service-cpu-us order=40, proxy-cpu-us 40 (each sidecar)`. */
export function describeInjection(injection: Injection): string {
  const parts: string[] = [];
  const services = Object.entries(injection.serviceCpuUs).filter(([, us]) => us > 0);
  if (services.length > 0) parts.push(`${services.map(([name, us]) => `${name} +${us} µs CPU`).join(', ')} per request`);
  if (injection.proxyCpuUs > 0) parts.push(`each sidecar +${injection.proxyCpuUs} µs CPU per request`);
  return parts.join('; ');
}

/** Options of {@link parseInjections}. */
export interface ParseInjectionsOptions {
  /** The raw --inject values, in order. */
  flags: readonly string[];
  /** The run's arm labels (empty for a single run). */
  arms: readonly string[];
  platform: string;
  /** Services of the scenario's chain, entry first. */
  services: readonly string[];
  /** True when the target has emulated sidecars (proxy-mtls). */
  hasSidecars: boolean;
  targetName: string;
}

/**
 * Parses and checks the --inject flags: the arm must be one of --arms (required with arms,
 * refused without), the knob known, the value an integer number of µs, the service one of the
 * chain's, the proxy knob only for a target with sidecars, and the platform local. Returns the
 * injection per arm label ('' for a single run); arms without a flag are absent.
 */
export function parseInjections(options: ParseInjectionsOptions): Map<string, Injection> {
  const result = new Map<string, Injection>();
  if (options.flags.length === 0) return result;
  if (options.platform !== 'local') {
    throw new HarnessError('USAGE', `--inject runs only on the local platform, not on ${options.platform}`, {
      hint: 'injected costs are calibration knobs of the local order-service and emulated sidecars; on Kubernetes the workload and the mesh run unmodified. Use --platform local',
    });
  }
  for (const flag of options.flags) {
    const match = FLAG_PATTERN.exec(flag.trim());
    if (!match) throw injectError(flag, 'not of the form [ARM:]KNOB=VALUE');
    const [, armText, knob, service, valueText = ''] = match;
    const arm = armText?.trim() ?? '';
    if (options.arms.length > 0 && arm === '') {
      throw injectError(flag, `name the arm it applies to (one of ${options.arms.join(', ')})`, `e.g. --inject ${options.arms.at(-1)}:${flag}`);
    }
    if (options.arms.length === 0 && arm !== '') throw injectError(flag, `names arm "${arm}" but the run has no --arms`, `drop "${arm}:" or add --arms`);
    if (arm !== '' && !options.arms.includes(arm)) throw injectError(flag, `arm "${arm}" is not one of --arms (${options.arms.join(', ')})`);
    if (!/^\d+$/.test(valueText) || Number(valueText) > MAX_INJECTED_US) {
      throw injectError(flag, `the value must be a whole number of µs from 0 to ${MAX_INJECTED_US} (got ${JSON.stringify(valueText)})`);
    }
    const us = Number(valueText);
    const injection = result.get(arm) ?? noInjection();
    if (knob === 'service-cpu-us') {
      if (service !== undefined && !options.services.includes(service)) {
        throw injectError(flag, `service "${service}" is not in the scenario's chain (${options.services.join(', ')})`);
      }
      for (const name of service === undefined ? options.services : [service]) injection.serviceCpuUs[name] = us;
    } else if (knob === 'proxy-cpu-us') {
      if (service !== undefined) throw injectError(flag, 'proxy-cpu-us applies to both sidecars and takes no service name');
      if (!options.hasSidecars) {
        throw injectError(flag, `target "${options.targetName}" has no emulated sidecars to slow down`, 'proxy-cpu-us needs the proxy-mtls target');
      }
      injection.proxyCpuUs = us;
    } else {
      throw injectError(flag, `unknown knob "${knob ?? ''}"`);
    }
    result.set(arm, injection);
  }
  return result;
}
