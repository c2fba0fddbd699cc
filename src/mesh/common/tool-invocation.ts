/**
 * How a plan names a mesh CLI: plainly (found on PATH) or, when `bench tools install` placed the
 * pinned binary in the tools cache, by its path there. Also builds `bash -c` pipelines for the
 * few documented install steps that are shell pipelines (`linkerd install | kubectl apply -f -`,
 * `kubectl get crd … || kubectl apply -f …`): the printed plan shows the exact documented line.
 */
import { join } from 'node:path';
import { shellQuote } from '../../render/printable-command.ts';
import type { PlanAction } from '../../plan/plan-types.ts';

/** The executable for a pinned tool: `<toolsDir>/<tool>/<version>/<tool>`, or the bare name. */
export function toolFile(options: { tool: string; version: string; toolsDir: string | null }): string {
  return options.toolsDir ? join(options.toolsDir, options.tool, options.version, options.tool) : options.tool;
}

/** One shell word per argv element, joined: `istioctl install --set a=b`. */
export function shellLine(file: string, args: readonly string[]): string {
  return [file, ...args].map(shellQuote).join(' ');
}

/** A `bash -c` action running a pipeline with `set -euo pipefail` (a failing producer fails it). */
export function bashAction(options: { description: string; script: string; timeoutMs: number; env?: Record<string, string> }): PlanAction {
  return {
    kind: 'command',
    description: options.description,
    tool: 'bash',
    args: ['-c', `set -euo pipefail; ${options.script}`],
    timeoutMs: options.timeoutMs,
    ...(options.env ? { env: options.env } : {}),
  };
}

/** `--set key=value` pairs in key order (stable plans). */
export function setFlags(values: Record<string, string>): string[] {
  return Object.keys(values)
    .sort()
    .flatMap((key) => ['--set', `${key}=${values[key]}`]);
}
