/** A RunPlan as readable text for `bench run --dry-run` (pure). */
import { printableCommand } from '../exec/printable-command.ts';
import type { PlanAction, RunPlan } from './plan-types.ts';

function renderAction(action: PlanAction): string[] {
  switch (action.kind) {
    case 'command': {
      const env = Object.entries(action.env ?? {}).map(([k, v]) => `${k}=${v} `).join('');
      const stdin = action.stdin ? ` <<'EOF'\n${action.stdin.trimEnd()}\nEOF` : '';
      return [`# ${action.description}`, `${env}${printableCommand(action.tool, action.args)}${stdin}`];
    }
    case 'apply':
      return [`# ${action.description}`, ...action.manifests.map((m) => `apply ${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`)];
    case 'wait':
      return [`# ${action.description}`, `wait ${JSON.stringify(action.condition)} (timeout ${action.timeoutMs / 1_000}s)`];
    case 'write-file':
      return [`# ${action.description}`, `write ${action.path}`];
    case 'delete-namespace':
      return [`# ${action.description}`, `delete namespace ${action.namespace}`];
    case 'check':
      return [`# ${action.description}`, `check ${action.check} ${JSON.stringify(action.params)}`];
    case 'measure':
      return [`# ${action.description}`, `measure ${JSON.stringify(action.measurement)}`];
  }
}

export function renderPlanText(plan: RunPlan): string {
  const lines = [
    `plan ${plan.runId}: target ${plan.target.name} (${plan.target.mesh} ${plan.target.mode}${plan.target.version ? ` ${plan.target.version}` : ''}) on ${plan.platform}`,
    `result: ${plan.resultPath}`,
  ];
  for (const [i, step] of [...plan.steps, ...plan.teardown].entries()) {
    lines.push('', `${i + 1}. [${step.phase}] ${step.title}`);
    for (const action of step.actions) for (const l of renderAction(action)) lines.push(`   ${l}`);
  }
  return `${lines.join('\n')}\n`;
}
