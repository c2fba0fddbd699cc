/**
 * A RunPlan for people and machines (`bench run --dry-run [--json]`), pure. The text form shows
 * every command as a pasteable shell line (with its stdin), every file with its content and every
 * manifest as YAML, grouped by step, then the teardown. Large embedded scripts (the bundled
 * JavaScript in ConfigMaps, hundreds of KB) are shown by size and sha256 unless `full` is set;
 * the JSON form elides them the same way, so it stays readable and diffable.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { printableCommand } from './printable-command.ts';
import type { KubeObject, PlanAction, PlanStep, RunPlan } from '../plan/plan-types.ts';

/** Options of the renderers. */
export interface RenderPlanOptions {
  /** Include embedded scripts in full. */
  full?: boolean | undefined;
}

/** Strings longer than this inside ConfigMap data are elided. */
export const ELIDE_ABOVE_BYTES = 4_096;

function elided(text: string): string {
  const sha = createHash('sha256').update(text).digest('hex');
  return `<${Buffer.byteLength(text)} bytes, sha256:${sha.slice(0, 16)}…; --full to print>`;
}

function elideManifest(m: KubeObject): KubeObject {
  if (m.kind !== 'ConfigMap' || typeof m['data'] !== 'object' || m['data'] === null) return m;
  const data = Object.fromEntries(
    Object.entries(m['data'] as Record<string, string>).map(([k, v]) => [k, typeof v === 'string' && v.length > ELIDE_ABOVE_BYTES ? elided(v) : v]),
  );
  return { ...m, data };
}

function elideAction(action: PlanAction): PlanAction {
  if (action.kind === 'apply') return { ...action, manifests: action.manifests.map(elideManifest) };
  if (action.kind === 'write-file' && action.content.length > ELIDE_ABOVE_BYTES) return { ...action, content: elided(action.content) };
  if (action.kind === 'command' && action.stdin && action.stdin.length > ELIDE_ABOVE_BYTES) return { ...action, stdin: elided(action.stdin) };
  return action;
}

function elideSteps(steps: readonly PlanStep[]): PlanStep[] {
  return steps.map((s) => ({ ...s, actions: s.actions.map(elideAction) }));
}

/** The plan with large embedded scripts elided (unless `full`). */
export function presentablePlan(plan: RunPlan, options: RenderPlanOptions = {}): RunPlan {
  if (options.full) return plan;
  return { ...plan, steps: elideSteps(plan.steps), teardown: elideSteps(plan.teardown) };
}

/** The plan as JSON text. */
export function renderPlanJson(plan: RunPlan, options: RenderPlanOptions = {}): string {
  return `${JSON.stringify(presentablePlan(plan, options), null, 2)}\n`;
}

function indent(text: string, prefix: string): string[] {
  return text.trimEnd().split('\n').map((l) => `${prefix}${l}`);
}

function describeWait(action: Extract<PlanAction, { kind: 'wait' }>): string {
  const c = action.condition;
  const seconds = Math.round(action.timeoutMs / 1000);
  switch (c.type) {
    case 'nodes-ready':
      return `wait until ${c.count} nodes are Ready (≤ ${seconds} s)`;
    case 'rollout':
      return `wait for the rollout of ${c.workloadKind} ${c.namespace}/${c.name} (≤ ${seconds} s)`;
    case 'pods-ready':
      return `wait until pods ${c.labelSelector} in ${c.namespace} are Ready (≤ ${seconds} s)`;
    case 'job-complete':
      return `wait until Job ${c.namespace}/${c.name} completes (≤ ${seconds} s)`;
    case 'crd-established':
      return `wait until CRD ${c.name} is Established (≤ ${seconds} s)`;
  }
}

function renderAction(action: PlanAction): string[] {
  switch (action.kind) {
    case 'command': {
      const env = Object.entries(action.env ?? {})
        .map(([k, v]) => `${k}=${v} `)
        .join('');
      const line = `$ ${env}${printableCommand(action.tool, action.args)}`;
      const lines = [`# ${action.description}${action.allowFailure ? ' (a failure is only logged)' : ''}`];
      if (action.stdin) lines.push(`${line} <<'EOF'`, ...indent(action.stdin, ''), 'EOF');
      else lines.push(line);
      return lines;
    }
    case 'apply':
      return [
        `# ${action.description}: server-side apply (field manager meshbench)`,
        ...action.manifests.flatMap((m) => ['---', ...indent(stringify(m, { lineWidth: 0, aliasDuplicateObjects: false }), '')]),
      ];
    case 'wait':
      return [`# ${action.description}`, describeWait(action)];
    case 'write-file':
      return [`# ${action.description}`, `write ${action.path} (mode ${(action.mode ?? 0o644).toString(8).padStart(4, '0')}):`, ...indent(action.content, '  | ')];
    case 'delete-namespace':
      return [`# ${action.description}`, `delete namespace ${action.namespace} and wait until it is gone (≤ ${Math.round(action.timeoutMs / 1000)} s)`];
    case 'check':
      return [`# ${action.description}`, `check ${action.check} ${JSON.stringify(action.params)}`];
    case 'measure': {
      const m = action.measurement;
      return [
        `# ${action.description}`,
        `measure ${m.targetUrl}: levels ${m.levels.map((l) => `${l.rps} rps`).join(', ')}; ${m.repetitions} repetition(s) each; warm-up ${m.warmupMs} ms + window ${m.durationMs} ms; ${m.agents} agent(s)`,
      ];
    }
  }
}

function renderStep(step: PlanStep, label: string): string[] {
  const lines = ['', `${label}. [${step.phase}] ${step.title}`];
  for (const action of step.actions) for (const l of renderAction(action)) lines.push(`   ${l}`);
  return lines;
}

/** The plan as text. */
export function renderPlan(plan: RunPlan, options: RenderPlanOptions = {}): string {
  const p = presentablePlan(plan, options);
  const lines = [
    `plan ${p.runId}: target ${p.target.name} (mesh ${p.target.mesh}, mode ${p.target.mode}${p.target.version ? `, version ${p.target.version}` : ''}) on ${p.platform}`,
    `scenario: ${p.scenario.name}${p.scenario.contentHash ? ` (${p.scenario.contentHash})` : ''}`,
  ];
  if (p.cluster) {
    lines.push(`cluster: ${p.cluster.name}${p.cluster.context ? ` (context ${p.cluster.context})` : ''}, kubeconfig ${p.cluster.kubeconfigPath}`);
  }
  if (p.namespace) lines.push(`namespace: ${p.namespace}`);
  lines.push(`result: ${p.resultPath}`);
  if (p.features && p.features.length > 0) {
    lines.push('features (each supported by the target):');
    for (const f of p.features) lines.push(`  - ${f.setting}: ${f.mechanism}`);
  }
  p.steps.forEach((step, i) => {
    lines.push(...renderStep(step, String(i + 1)));
  });
  lines.push('', p.teardown.length ? 'teardown (also after a failure or Ctrl-C):' : 'teardown: none (--keep)');
  p.teardown.forEach((step, i) => {
    lines.push(...renderStep(step, `T${i + 1}`));
  });
  return `${lines.join('\n')}\n`;
}
