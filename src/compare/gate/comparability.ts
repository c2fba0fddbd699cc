/**
 * Can these results be compared? Refusals stop the comparison unless --force; notes are shown
 * with the result. Comparing two versions of the same target is the main use case and is never
 * refused; comparing a mesh with the no-mesh baseline is refused without --force because the
 * difference is the mesh's cost, not a regression. Pure.
 *
 * Source of the rules: docs/design.md "Result file" (scenario.contentHash: results are
 * comparable only with equal hashes) and docs/gate.md §7 (compare arms run on the same machines;
 * do not compare against a baseline recorded elsewhere).
 */
import { describeInjection } from '../../config/injection.ts';
import { usageError } from '../../errors.ts';
import type { ResultFile } from '../../results/result-schema.ts';
import type { ResultSource, SideName } from './repetition-pool.ts';

/** One comparability finding. */
export interface ComparabilityFinding {
  /** `refusal`: not comparable without --force; `note`: shown with the result. */
  kind: 'refusal' | 'note';
  message: string;
}

/** The result files of one side, as given. */
export interface SideSources {
  sources: readonly ResultSource[];
  /** Arm filter of this side, if any. */
  arm: string | null;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function shortHash(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, 12);
}

function versionOf(result: ResultFile): string | null {
  return result.target.runningVersion ?? result.target.version;
}

function describeTarget(result: ResultFile): string {
  const version = versionOf(result);
  const mesh = result.target.mesh === 'none' ? 'no mesh' : `${result.target.mesh} ${result.target.mode}${version ? ` ${version}` : ''}`;
  return `${result.target.name} (${mesh})`;
}

interface Tagged {
  side: SideName;
  source: ResultSource;
}

/** Groups sources by a key; returns the distinct groups when there is more than one. */
function distinct(items: readonly Tagged[], keyOf: (r: ResultFile) => string): Map<string, Tagged[]> | null {
  const groups = new Map<string, Tagged[]>();
  for (const item of items) {
    const key = keyOf(item.source.result);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups.size > 1 ? groups : null;
}

function listGroups(groups: Map<string, Tagged[]>, show: (key: string) => string): string {
  return [...groups]
    .map(([key, items]) => `${items.map((i) => `${i.side} ${i.source.file}`).join(', ')}: ${show(key)}`)
    .join('; ');
}

function checkDuplicates(base: SideSources, head: SideSources): void {
  for (const [name, side] of [
    ['base', base],
    ['head', head],
  ] as const) {
    const seen = new Map<string, string>();
    for (const s of side.sources) {
      const earlier = seen.get(s.result.runId);
      if (earlier) throw usageError(`${s.file} and ${earlier} are the same run (${s.result.runId}) on the ${name} side`, 'give each result file once');
      seen.set(s.result.runId, s.file);
    }
  }
  const sameArm = base.arm === head.arm;
  for (const h of head.sources) {
    const b = base.sources.find((s) => s.result.runId === h.result.runId);
    if (b && sameArm) {
      throw usageError(
        `${b.file} (base) and ${h.file} (head) are the same run (${h.result.runId})`,
        'compare two different runs, or two arms of one interleaved run with --base-arm/--head-arm',
      );
    }
  }
}

function injectionOf(result: ResultFile): string {
  return result.injection ? describeInjection(result.injection) || 'nothing' : 'nothing';
}

/**
 * Calibration runs (`bench run --inject`) burn extra CPU on purpose. A side must not pool them with
 * runs of the target as shipped, and a difference between the sides includes the injected cost:
 * the gate's verdict is then a calibration check, not a finding about the target.
 */
function injectionFindings(base: SideSources, head: SideSources): ComparabilityFinding[] {
  const findings: ComparabilityFinding[] = [];
  for (const [name, side] of [
    ['base', base],
    ['head', head],
  ] as const) {
    const groups = distinct(
      side.sources.map((source) => ({ side: name, source })),
      injectionOf,
    );
    if (groups) {
      findings.push({
        kind: 'refusal',
        message: `the ${name} side pools calibration runs with different injected costs (${listGroups(groups, (k) => `injected ${k}`)}): pool only runs measured alike`,
      });
    }
  }
  const b = base.sources[0]?.result;
  const h = head.sources[0]?.result;
  if (b && h && (b.injection || h.injection)) {
    const sideText = (name: string, r: ResultFile) => `${name}: ${r.injection ? `injected ${injectionOf(r)}` : 'nothing injected'}`;
    findings.push({
      kind: 'note',
      message: `CALIBRATION comparison (${sideText('base', b)}; ${sideText('head', h)}): the difference includes the injected cost; it says how the gate sees a known change, not how the target performs as shipped`,
    });
  }
  return findings;
}

function targetFindings(base: ResultFile, head: ResultFile): ComparabilityFinding[] {
  const b = base.target;
  const h = head.target;
  if (b.mesh !== h.mesh) {
    if (b.mesh === 'none' || h.mesh === 'none') {
      const meshSide = b.mesh === 'none' ? 'head' : 'base';
      return [
        {
          kind: 'refusal',
          message: `${meshSide} is ${describeTarget(meshSide === 'head' ? head : base)}, the other side is the no-mesh baseline: the difference is the mesh's cost, not a regression (--force compares them anyway)`,
        },
      ];
    }
    return [{ kind: 'refusal', message: `different meshes: base ${describeTarget(base)}, head ${describeTarget(head)}; this is not an upgrade` }];
  }
  if (b.mode !== h.mode) {
    return [{ kind: 'refusal', message: `different ${b.mesh} modes: base ${b.mode}, head ${h.mode}; this is not an upgrade` }];
  }
  const findings: ComparabilityFinding[] = [];
  const bv = versionOf(base);
  const hv = versionOf(head);
  if (bv !== hv) findings.push({ kind: 'note', message: `upgrade: ${b.mesh} ${b.mode} ${bv ?? '?'} → ${hv ?? '?'}` });
  if (b.name !== h.name) findings.push({ kind: 'note', message: `targets differ (${b.name} vs ${h.name}), same mesh and mode: compared as a configuration change` });
  else if (bv === hv && stableJson(b.spec) === stableJson(h.spec) && injectionOf(base) === injectionOf(head)) {
    findings.push({ kind: 'note', message: `same target and version on both sides (${describeTarget(base)}): an A/A comparison` });
  } else if (stableJson(b.spec) !== stableJson(h.spec)) {
    findings.push({ kind: 'note', message: `the target's spec differs between base and head` });
  }
  return findings;
}

function environmentNotes(base: ResultFile, head: ResultFile): ComparabilityFinding[] {
  const b = base.environment;
  const h = head.environment;
  const diffs: string[] = [];
  if (b.cpuModel !== h.cpuModel) diffs.push(`CPU ${b.cpuModel} vs ${h.cpuModel}`);
  if (b.cores !== h.cores) diffs.push(`${b.cores} vs ${h.cores} cores`);
  if (b.memoryBytes !== h.memoryBytes) diffs.push('memory size');
  if (b.kernel !== h.kernel) diffs.push(`kernel ${b.kernel} vs ${h.kernel}`);
  if (b.hostname !== h.hostname) diffs.push(`host ${b.hostname} vs ${h.hostname}`);
  const notes: ComparabilityFinding[] = [];
  if (diffs.length > 0) {
    notes.push({ kind: 'note', message: `base and head ran on different machines (${diffs.join(', ')}): machine effects are confounded with the change` });
  }
  if (base.harness.version !== head.harness.version) {
    notes.push({ kind: 'note', message: `different meshbench versions: ${base.harness.version} vs ${head.harness.version}` });
  }
  return notes;
}

/**
 * Checks every rule. Throws a usage error for inputs that are never meaningful (the same run
 * twice); returns refusals and notes otherwise.
 */
export function assessComparability(options: { base: SideSources; head: SideSources }): ComparabilityFinding[] {
  const { base, head } = options;
  checkDuplicates(base, head);
  const all: Tagged[] = [
    ...base.sources.map((source) => ({ side: 'base' as const, source })),
    ...head.sources.map((source) => ({ side: 'head' as const, source })),
  ];
  const findings: ComparabilityFinding[] = [];
  const scenarios = distinct(all, (r) => r.scenario.contentHash);
  if (scenarios) {
    const nameOf = new Map(all.map((t) => [t.source.result.scenario.contentHash, t.source.result.scenario.name]));
    findings.push({
      kind: 'refusal',
      message: `the scenarios differ (${listGroups(scenarios, (hash) => `${nameOf.get(hash)} ${shortHash(hash)}`)}); results are comparable only with equal scenario.contentHash`,
    });
  }
  const platforms = distinct(all, (r) => r.target.platform);
  if (platforms) findings.push({ kind: 'refusal', message: `the platforms differ (${listGroups(platforms, (p) => p)})` });
  const scheduling = distinct(all, (r) => r.environment.agentScheduling ?? 'normal');
  if (scheduling) {
    findings.push({
      kind: 'refusal',
      message: `the load agent's scheduling differs (${listGroups(scheduling, (s) => s)}): a real-time agent takes its own lag out of the tail`,
    });
  }
  const shapes = distinct(all, (r) => stableJson(r.target.clusterShape));
  if (shapes) findings.push({ kind: 'refusal', message: `the cluster shapes differ (${listGroups(shapes, (s) => s)})` });
  for (const [name, side] of [
    ['base', base],
    ['head', head],
  ] as const) {
    const targets = distinct(
      side.sources.map((source) => ({ side: name, source })),
      (r) => stableJson([r.target.name, r.target.mesh, r.target.mode, versionOf(r)]),
    );
    if (targets) {
      findings.push({
        kind: 'refusal',
        message: `the ${name} side pools different targets (${[...targets.values()].map((g) => `${g.map((t) => t.source.file).join(', ')}: ${describeTarget(g[0]!.source.result)}`).join('; ')})`,
      });
    }
  }
  findings.push(...injectionFindings(base, head));
  const firstBase = base.sources[0]?.result;
  const firstHead = head.sources[0]?.result;
  if (firstBase && firstHead) {
    findings.push(...targetFindings(firstBase, firstHead), ...environmentNotes(firstBase, firstHead));
  }
  for (const t of all) {
    if (t.source.result.status !== 'complete') {
      findings.push({ kind: 'note', message: `${t.source.file}: run status ${t.source.result.status}; compared what it measured` });
    }
  }
  return findings;
}
