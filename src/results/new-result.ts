/**
 * The skeleton of a result file at the start of a run: who measured what, where, with which
 * scenario (and its content hash: results are comparable only when it matches). Pure.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Scenario } from '../config/scenario-schema.ts';
import type { PlatformName, Target } from '../config/target-schema.ts';
import { LOAD_TLS_FILE_FIELDS } from '../config/load-tls-schema.ts';
import { type ValiditySpec, ValiditySpecSchema } from '../config/scenario-schema.ts';
import { type Level, RESULT_SCHEMA_VERSION, type ResultFile } from './result-schema.ts';

/** The part of a scenario's `validity` that judges a whole level. */
export type LevelValidityRule = Pick<ValiditySpec, 'minValidRepetitions' | 'maxInvalidPct'>;

/** Stable JSON: object keys sorted, so equal specs hash equally whatever the YAML order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Hash of what makes two runs comparable: the resolved scenario minus the repetition count (more
 * repetitions of the same load are the same experiment, just a bigger sample).
 */
export function scenarioContentHash(scenario: Scenario): string {
  const { repetitions: _repetitions, tls, ...rest } = scenario.load;
  // TLS files are hashed by name: the folder they were read from is the machine's, not the experiment's.
  const load = tls === undefined ? rest : { ...rest, tls: Object.fromEntries(Object.entries(tls).map(([k, v]) => [k, LOAD_TLS_FILE_FIELDS.includes(k as never) && typeof v === 'string' ? basename(v) : v])) };
  return `sha256:${createHash('sha256').update(stableStringify({ ...scenario, load, features: hashedFeatures(scenario.features) })).digest('hex')}`;
}

/**
 * The features as hashed: in the shape scenarios had before `authz` and the capability features
 * (`mtls` and `l7`), plus only the features that are on, so a scenario that uses none of them keeps
 * the hash its earlier results carry and stays comparable with them.
 */
function hashedFeatures(features: Scenario['features']): Record<string, unknown> {
  const { mtls, authz, accessLog, upstreamHttp2, ...optional } = features;
  return {
    mtls,
    l7: authz === 'l7',
    authz: authz === 'l4' ? authz : undefined,
    accessLog: accessLog || undefined,
    upstreamHttp2: upstreamHttp2 || undefined,
    ...Object.fromEntries(Object.entries(optional).map(([k, v]) => [k, v ?? undefined])),
  };
}

/**
 * `20261126-143000.123-istio-ambient-7f3a` (+ the arm label before the nonce when given): sortable
 * by time to the millisecond, readable, safe as a file name. `nonce` (a few random hex digits
 * drawn once per run) keeps two runs started in the same millisecond apart.
 */
export function createRunId(options: { target: string; at: Date; suffix?: string; nonce: string }): string {
  const iso = options.at.toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}.${iso.slice(20, 23)}`;
  const label = `${options.target}${options.suffix ? `-${options.suffix}` : ''}`.replace(/[^A-Za-z0-9.]+/g, '-').slice(0, 80);
  const nonce = options.nonce.replace(/[^A-Za-z0-9]+/g, '').slice(0, 12);
  return `${stamp}-${label}-${nonce}`;
}

export interface NewResultOptions {
  runId: string;
  createdAt: Date;
  harness: ResultFile['harness'];
  target: Target;
  meshVersion: string | null;
  platform: PlatformName;
  scenario: Scenario;
  environment: ResultFile['environment'];
}

export function newResultFile(options: NewResultOptions): ResultFile {
  const { target, scenario, platform } = options;
  const at = options.createdAt.toISOString();
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    runId: options.runId,
    createdAt: at,
    updatedAt: at,
    status: 'running',
    harness: options.harness,
    target: {
      name: target.name,
      mesh: target.mesh.name,
      mode: target.mesh.mode,
      version: options.meshVersion,
      runningVersion: null,
      platform,
      clusterShape: platform === 'local' ? null : { ...target.cluster },
      kubernetesVersion: null,
      kindVersion: null,
      spec: JSON.parse(JSON.stringify(target)) as Record<string, unknown>,
    },
    scenario: {
      name: scenario.name,
      contentHash: scenarioContentHash(scenario),
      spec: JSON.parse(JSON.stringify(scenario)) as Record<string, unknown>,
    },
    environment: options.environment,
    verification: { verified: false, skipped: false, checks: [] },
    levels: [],
    valid: true,
    warnings: [],
  };
}

/** The scenario's level rule, read from the resolved spec in the result (defaults for older files). */
function levelRuleOf(result: ResultFile): LevelValidityRule {
  const parsed = ValiditySpecSchema.safeParse(result.scenario.spec['validity'] ?? {});
  return parsed.success ? parsed.data : ValiditySpecSchema.parse({});
}

/**
 * Why a level is invalid under the scenario's rule (the gate's rule: a minimum of valid
 * repetitions and a maximum invalid share), or null when it is valid.
 */
export function levelValidityProblem(level: Level, rule: LevelValidityRule): string | null {
  const total = level.repetitions.length;
  const valid = level.repetitions.filter((r) => r.valid).length;
  if (valid === 0) return `level ${level.targetRps} rps has no valid repetition`;
  if (((total - valid) / total) * 100 > rule.maxInvalidPct) {
    return `level ${level.targetRps} rps: ${total - valid} of ${total} repetitions invalid (more than ${rule.maxInvalidPct} %)`;
  }
  if (valid < rule.minValidRepetitions) {
    return `level ${level.targetRps} rps: ${valid} valid repetition(s), fewer than the minimum ${rule.minValidRepetitions}`;
  }
  return null;
}

/**
 * Final validity of a run: every level passes the scenario's level rule and verification passed
 * (or was skipped).
 */
export function finalizeResult(result: ResultFile, status: ResultFile['status']): ResultFile {
  const rule = levelRuleOf(result);
  const problems = result.levels.map((l) => levelValidityProblem(l, rule)).filter((p): p is string => p !== null);
  const warnings = new Set(result.warnings);
  for (const p of problems) warnings.add(p);
  const verificationOk = result.verification.verified || result.verification.skipped;
  return {
    ...result,
    status,
    updatedAt: new Date().toISOString(),
    valid: status === 'complete' && problems.length === 0 && result.levels.length > 0 && verificationOk,
    warnings: [...warnings],
  };
}
