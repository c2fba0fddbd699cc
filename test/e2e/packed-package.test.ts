/**
 * The package as users get it: `npm pack` of dist/ as `prepare` builds it (`npm ci` built it in a
 * checkout; it is rebuilt first when a source is newer, so it is never stale), then the tarball
 * installed into an empty prefix without dev dependencies (no tsx, esbuild or TypeScript), and
 * used from a folder that is not the checkout: both bins (`bench`, `meshbench`), `validate`,
 * `compare`, `load` on threads, a short local run (the prebuilt workload bundles), the
 * programmatic API through `import … from 'meshbench'` and its declarations, and which modules
 * each command loads (a command is loaded when called; the Kubernetes client only for clusters).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/http-test-server.ts';
import { createModuleTracer, type ModuleTracer } from '../helpers/module-trace.ts';

const ROOT = join(import.meta.dirname, '../..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const dir = mkdtempSync(join(tmpdir(), 'meshbench-pack-'));
const prefix = join(dir, 'prefix');
const work = join(dir, 'work');
const installed = join(prefix, 'node_modules/meshbench');
const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`, NO_COLOR: '1' };
delete env['NODE_OPTIONS'];
let tracer: ModuleTracer;

function bin(name: 'bench' | 'meshbench', args: string[], options: { timeoutMs?: number } = {}) {
  const r = spawnSync(join(prefix, 'node_modules/.bin', name), args, { cwd: work, env, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The file URLs a command of the installed package loads, and what it printed. */
function traced(args: string[]): { modules: string[]; stdout: string } {
  tracer.reset();
  const r = spawnSync(process.execPath, [...tracer.nodeArgs, join(installed, 'bin/bench.js'), ...args], { cwd: work, env, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return { modules: tracer.loaded(), stdout: r.stdout };
}
const modulesOf = (args: string[]): string[] => traced(args).modules;

/** Newest modification time (ms) of the files under `path` (a file or a folder). */
function newestMtimeMs(path: string): number {
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  return Math.max(0, ...readdirSync(path, { recursive: true, encoding: 'utf8' }).map((f) => statSync(join(path, f)).mtimeMs));
}

/**
 * dist/ is current when every build input is older than its oldest file (the build removes dist/
 * and writes it anew). A fresh clone's `npm ci` built it; after an edit it is built here, once,
 * and `npm pack` then packs it without running `prepare` again (the build takes ~20 s of CPU).
 */
function distIsCurrent(): boolean {
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'workload/agent.bundle.mjs'))) return false;
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => !statSync(join(dist, f)).isDirectory());
  const oldestBuilt = Math.min(...files.map((f) => statSync(join(dist, f)).mtimeMs));
  const inputs = ['src', 'scripts/build-dist.ts', 'scripts/cli-bundle.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
  return Math.max(...inputs.map((p) => newestMtimeMs(join(ROOT, p)))) < oldestBuilt;
}

beforeAll(() => {
  mkdirSync(work);
  if (!distIsCurrent()) execFileSync('npm', ['run', 'build'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
  execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--prefix', prefix, join(dir, tarball)], {
    cwd: dir,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
  for (const name of ['base-istio-1.23.4.json', 'head-istio-1.24.1-same.json', 'head-istio-1.24.1-p99-plus20.json']) {
    copyFileSync(join(ROOT, 'test/fixtures/results', name), join(work, name));
  }
  copyFileSync(join(ROOT, 'scenarios/smoke.yaml'), join(work, 'my-scenario.yaml'));
  copyFileSync(join(ROOT, 'test/fixtures/scenarios/fault-local.yaml'), join(work, 'tiny.yaml'));
  tracer = createModuleTracer(dir);
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every test starts node processes; on a loaded 2-core machine one can take tens of seconds.
describe('the packed package, installed without dev dependencies', { timeout: 300_000 }, () => {
  it('holds dist/, the bins and the shipped files, and no dev dependency got installed', () => {
    // `npm ci` and `npm pack` build dist/ through `prepare` (this test packs with --ignore-scripts).
    expect((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['prepare']).toBe('npm run build');
    for (const file of ['bin/bench.js', 'dist/cli-bundle/bench-main.js', 'dist/cli-bundle/open-loop-thread-main.js', 'dist/index.js', 'dist/index.d.ts', 'dist/workload/agent.bundle.mjs', 'dist/workload/order-service.bundle.mjs', 'scenarios/smoke.yaml', 'clusters/baseline.yaml', 'gates/default.yaml']) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
    expect(existsSync(join(installed, 'src'))).toBe(false);
    for (const dev of ['tsx', 'esbuild', 'typescript', 'vitest']) expect(existsSync(join(prefix, 'node_modules', dev)), dev).toBe(false);
  });

  it('both bins print the version', () => {
    for (const name of ['bench', 'meshbench'] as const) {
      const r = bin(name, ['--version']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(VERSION);
    }
  });

  it('each bin says its own name in usage, help and errors', () => {
    for (const name of ['bench', 'meshbench'] as const) {
      const help = bin(name, ['--help']);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain(`Usage: ${name} [options] [command]`);
      const compareHelp = bin(name, ['compare', '--help']);
      expect(compareHelp.stdout).toContain(`Usage: ${name} compare [options]`);
      expect(compareHelp.stdout).toContain(`  ${name} compare base.json head.json --gate gates.yaml`);
      const error = bin(name, ['compare', 'a.json', 'b.json', 'c.json']);
      expect(error.code).toBe(2);
      expect(error.stderr).toContain(`hint: ${name} compare base.json head.json, or ${name} compare base-1.json`);
    }
    expect(bin('meshbench', ['compare', '--help']).stdout).not.toMatch(/(^|\s)bench /m);
  });

  it('validates a scenario and names the bad field of a broken one', () => {
    const ok = bin('meshbench', ['validate', 'my-scenario.yaml']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('ok my-scenario.yaml: Scenario "smoke"');
    writeFileSync(join(work, 'broken.yaml'), readFileSync(join(work, 'my-scenario.yaml'), 'utf8').replace(/^name: .*$/m, '$&\nbogusField: 1'));
    const bad = bin('bench', ['validate', 'broken.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken\.yaml:\d+:\d+ .*bogusField/);
  });

  it('compares fixture results: pass (0) and regression (10), with the shipped default gate', () => {
    const pass = bin('bench', ['compare', 'base-istio-1.23.4.json', 'head-istio-1.24.1-same.json', '--no-color']);
    expect(pass.code, pass.stderr).toBe(0);
    expect(pass.stdout).toContain('PASS');
    const regression = bin('meshbench', ['compare', 'base-istio-1.23.4.json', 'head-istio-1.24.1-p99-plus20.json', '--no-color']);
    expect(regression.code, regression.stderr).toBe(10);
    expect(regression.stdout).toContain('REGRESSION');
  });

  it('loads on two threads from dist/ (the thread module is the compiled sibling)', async () => {
    const server = await startTestServer();
    try {
      // Not spawnSync: the server answers from this process's event loop.
      const args = ['load', server.url, '--rate', '200', '--duration', '1s', '--warmup', '0s', '--threads', '2', '--connections', '4', '--json', 'load.json'];
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(join(prefix, 'node_modules/.bin/meshbench'), args, { cwd: work, env, timeout: 60_000 }, (err, _stdout, stderr) => {
          resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stderr });
        });
      });
      // 6: measured but judged invalid (scheduler lag on a busy machine); the threads still sent.
      expect([0, 6], r.stderr).toContain(r.code);
      expect(server.requests).toBeGreaterThanOrEqual(150);
      expect(JSON.parse(readFileSync(join(work, 'load.json'), 'utf8'))).toMatchObject({ generator: { engine: 'open' } });
    } finally {
      await server.close();
    }
  });

  it('runs a short local benchmark with the prebuilt order-service and agent bundles', () => {
    const r = bin('bench', ['run', 'baseline', '--platform', 'local', '--scenario', 'tiny.yaml', '--out', 'run.json', '--quiet'], { timeoutMs: 180_000 });
    // 6: measured but judged invalid (a busy machine); the processes still ran from the bundles.
    expect([0, 6], r.stderr).toContain(r.code);
    const result = JSON.parse(readFileSync(join(work, 'run.json'), 'utf8')) as { levels: { repetitions: { requests: { ok: number } }[] }[] };
    expect(result.levels[0]?.repetitions).toHaveLength(2);
    expect(result.levels[0]?.repetitions.every((rep) => rep.requests.ok > 0)).toBe(true);
  });

  it('serves the programmatic API through `import … from "meshbench"`, with declarations a strict consumer compiles against', () => {
    const script = `
      import { readResultFile, loadGateConfig, compareResults, renderJunit, renderMarkdown, buildReportData, renderHtmlReport, HARNESS_VERSION } from 'meshbench';
      const base = readResultFile('${join(work, 'base-istio-1.23.4.json')}');
      const head = readResultFile('${join(work, 'head-istio-1.24.1-p99-plus20.json')}');
      const gate = loadGateConfig('default', process.cwd());
      const report = compareResults({ base: { sources: [{ file: 'b', result: base }], arm: null }, head: { sources: [{ file: 'h', result: head }], arm: null }, gate: { file: gate.file, config: gate.gate } });
      const html = renderHtmlReport(buildReportData([{ path: 'b', result: base }]), { generatedAt: '2026-12-06T00:00:00Z' });
      console.log(JSON.stringify({ outcome: report.outcome, junit: renderJunit(report).startsWith('<?xml'), markdown: renderMarkdown(report).length > 0, html: html.length > 1000, version: HARNESS_VERSION }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: prefix, env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ outcome: 'regression', junit: true, markdown: true, html: true, version: VERSION });

    writeFileSync(
      join(prefix, 'consumer.ts'),
      `import { readResultFile, type GateReport, type ResultFile } from 'meshbench';
const result: ResultFile = readResultFile('x.json');
const level: number = result.levels[0]?.targetRps ?? 0;
export const outcome = (r: GateReport): 'pass' | 'regression' | 'inconclusive' | 'invalid' => r.outcome;
export { level };
`,
    );
    // --skipDefaultLibCheck: TypeScript's own lib.*.d.ts are not checked again (~3 s of CPU); the
    // package's declarations, its dependencies' and @types/node still are.
    const tsc = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2023', '--typeRoots', join(ROOT, 'node_modules/@types'), '--types', 'node', '--skipDefaultLibCheck', 'consumer.ts'],
      { cwd: prefix, env, encoding: 'utf8', timeout: 120_000 },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    // Declarations name the files dist/ holds (.js), not the sources' .ts.
    const declarations = readdirSync(join(installed, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'));
    const tsSpecifiers = declarations.filter((f) => /(from\s+|import\()['"]\.{1,2}\/[^'"]*\.ts['"]/.test(readFileSync(join(installed, 'dist', f), 'utf8')));
    expect(tsSpecifiers).toEqual([]);
  });

  it('loads a command only when it is called, and the Kubernetes client only for clusters', () => {
    // The bundle's command chunks only (`<name>-command-<hash>.js`): shared chunks may load with any of them.
    const commandFiles = (urls: string[]) =>
      urls.map((u) => /\/dist\/cli-bundle\/([a-z]+-command)-[A-Z0-9]+\.js$/.exec(u)?.[1]).filter((name) => name !== undefined);
    const kube = (urls: string[]) => urls.some((u) => u.includes('/@kubernetes/client-node/'));
    for (const args of [['--version'], ['--help']]) expect(commandFiles(modulesOf(args)), args.join(' ')).toEqual([]);
    const compareRun = traced(['compare', 'base-istio-1.23.4.json', 'head-istio-1.24.1-same.json', '--no-color']);
    const compare = compareRun.modules;
    expect(commandFiles(compare)).toEqual(['compare-command']);
    expect(kube(compare)).toBe(false);
    // Everything compare runs is in the bundle: no module loaded from node_modules (zod, yaml, commander, hdr-histogram-js are bundled).
    expect(compare.filter((u) => u.includes('/node_modules/') && !u.includes('/node_modules/meshbench/'))).toEqual([]);
    // The shipped default gate is in the bundle pre-parsed: compare loads no YAML parser (the gate-file chunk) for it.
    // Any other gate text, here the default with another α, is parsed, and the table shows it.
    const gateParser = (urls: string[]) => urls.some((u) => /\/dist\/cli-bundle\/gate-file-[A-Z0-9]+\.js$/.test(u));
    expect(gateParser(compare)).toBe(false);
    writeFileSync(join(work, 'edited-gate.yaml'), readFileSync(join(installed, 'gates/default.yaml'), 'utf8').replace('familyAlpha: 0.01', 'familyAlpha: 0.05'));
    const edited = ['compare', 'base-istio-1.23.4.json', 'head-istio-1.24.1-same.json', '--gate', 'edited-gate.yaml', '--no-color'];
    // The traced runs' own output (no second run of the same command).
    const editedRun = traced(edited);
    expect(gateParser(editedRun.modules)).toBe(true);
    expect(editedRun.stdout).toContain('of α 0.05');
    expect(compareRun.stdout).toContain('of α 0.01');
    expect(kube(modulesOf(['run', 'baseline', '--platform', 'local', '--scenario', 'tiny.yaml', '--dry-run']))).toBe(false);
    expect(kube(modulesOf(['validate', 'my-scenario.yaml']))).toBe(false);
  });
});
