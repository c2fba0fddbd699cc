/**
 * A small scenario file for `--dry-run` plan tests: one GET route, one short level, and the
 * workload and features under test, written into `dir`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function planScenarioFile(options: { dir: string; name: string; workload?: string; features?: string }): string {
  const file = join(options.dir, `${options.name}.yaml`);
  writeFileSync(
    file,
    [
      'apiVersion: meshbench/v1alpha1',
      'kind: Scenario',
      `name: ${options.name}`,
      'requests:',
      '  - { name: get-order, method: GET, path: "/orders/{id}" }',
      ...(options.workload ? [`workload: ${options.workload}`] : []),
      'load: { levels: [{ rps: 100 }], warmup: 100ms, duration: 500ms, repetitions: 2 }',
      `features: ${options.features ?? '{}'}`,
      '',
    ].join('\n'),
  );
  return file;
}
