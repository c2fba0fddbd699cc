/**
 * Where the CPU of a two-file `bench compare` goes, step by step in one process of the built
 * package (dist/): each dependency's import, the meshbench modules, reading and validating, the
 * gate, the comparison with and without pooled histograms, the table. CPU ms (user + sys), so a
 * busy machine disturbs it less than wall-clock. Needs a build (`npm run build`):
 *
 *   npx tsx bench/cli-load-costs.ts
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const dist = (path: string) => pathToFileURL(join(ROOT, 'dist', path)).href;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let last = cpuMs();
const step = (label: string) => {
  const now = cpuMs();
  console.log(`${label.padEnd(44)} ${(now - last).toFixed(0).padStart(5)} ms CPU`);
  last = now;
};

console.log(`CPU of the steps of a two-file compare (node ${process.version}, ${new Date().toISOString()})`);
for (const name of ['commander', 'zod', 'yaml', 'hdr-histogram-js']) {
  await import(name);
  step(`import ${name}`);
}
const resultFile = await import(dist('results/result-file.js'));
step('import results/result-file (result schema)');
const compare = await import(dist('compare/compare-results.js'));
step('import compare/compare-results');
const gateFile = await import(dist('compare/gate/gate-file.js'));
step('import compare/gate/gate-file');
const terminal = await import(dist('compare/render/render-terminal.js'));
step('import compare/render/render-terminal');
const fixture = (name: string) => join(ROOT, 'test/fixtures/results', name);
const base = resultFile.readResultFile(fixture('base-istio-1.23.4.json'));
const head = resultFile.readResultFile(fixture('head-istio-1.24.1-same.json'));
step('read and validate 2 result files (70 KB each)');
const gate = gateFile.loadGateConfig('default', ROOT);
step('load the default gate (YAML)');
const options = { base: { sources: [{ file: 'base', result: base }], arm: null }, head: { sources: [{ file: 'head', result: head }], arm: null }, gate: { file: gate.file, config: gate.gate } };
compare.compareResults(options);
step('compareResults (statistics only)');
const report = compare.compareResults({ ...options, pooledLatency: true });
step('compareResults (pooled histograms, as the CLI)');
terminal.renderTerminal(report, { color: false });
step('renderTerminal');
