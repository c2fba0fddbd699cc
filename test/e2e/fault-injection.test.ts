/**
 * Faults on purpose, on the real local platform: a full disk mid-run and at the first write,
 * read-only, unwritable and odd output paths, existing outputs, concurrent runs into one folder,
 * interruptions. Each case checks the exit code, the message, the result file's status, and that
 * no temp file, run folder or process is left.
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outputFs } from '../../src/results/output-file.ts';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { SOURCE_CLI_ARGS } from '../helpers/source-cli.ts';
import { fillDisk, mountTmpfs, type SmallDisk } from '../helpers/small-disk.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIO = join(ROOT, 'test/fixtures/scenarios/fault-local.yaml');
const BASELINE = join(ROOT, 'clusters/baseline.yaml');
const RESULT = join(ROOT, 'test/fixtures/results/baseline.json');
const BASE = join(ROOT, 'test/fixtures/results/base-istio-1.23.4.json');
const HEAD = join(ROOT, 'test/fixtures/results/head-istio-1.24.1-same.json');

// Run folders go to os.tmpdir(): a private one shows whether a run leaked its folder.
const realTmp = tmpdir();
const previousTmp = process.env['TMPDIR'];
let scratch = '';
let runTmp = '';
const disks: SmallDisk[] = [];
const realFs = { ...outputFs };

beforeAll(() => {
  scratch = mkdtempSync(join(realTmp, 'meshbench-fault-'));
  runTmp = join(scratch, 'tmp');
  mkdirSync(runTmp);
  process.env['TMPDIR'] = runTmp;
});
afterAll(() => {
  for (const disk of disks) disk.remove();
  if (previousTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = previousTmp;
  rmSync(scratch, { recursive: true, force: true });
});
afterEach(() => Object.assign(outputFs, realFs));

function folder(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function smallDisk(options: { sizeKb: number; readOnly?: boolean }): SmallDisk | null {
  const disk = mountTmpfs(options);
  if (disk) disks.push(disk);
  return disk;
}

function tempDebris(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

function leakedRunFolders(): string[] {
  return readdirSync(runTmp).filter((f) => f.startsWith('meshbench-run-'));
}

/**
 * Live child processes of this test process (the run's services and agents must be gone). esbuild's
 * service process, started once by the workload bundler and reused, is not the run's.
 */
function childProcesses(): string[] {
  const children: string[] = [];
  for (const pid of readdirSync('/proc').filter((f) => /^\d+$/.test(f))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (Number(ppid) === process.pid && state !== 'Z' && name !== 'esbuild') children.push(`${pid} ${name}`);
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

function expectNoLeftovers(dir: string): void {
  expect(tempDebris(dir)).toEqual([]);
  expect(leakedRunFolders()).toEqual([]);
  expect(childProcesses()).toEqual([]);
}

const run = (args: string[], options: { cwd?: string; signal?: AbortSignal } = {}) =>
  runBench(['run', BASELINE, '--platform', 'local', '--scenario', SCENARIO, '--quiet', ...args], options);

describe('fault injection: result files of bench run', { timeout: 120_000 }, () => {
  it('concurrent runs into one folder get a file each and both keep their data', async () => {
    const cwd = folder('concurrent');
    const [a, b] = await Promise.all([run([], { cwd }), run([], { cwd })]);
    const files = readdirSync(join(cwd, 'results'));
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(tempDebris(join(cwd, 'results'))).toEqual([]);
    const results = files.map((f) => readResultFile(join(cwd, 'results', f)));
    expect(new Set(results.map((r) => r.runId)).size).toBe(2);
    for (const [i, r] of results.entries()) {
      expect(files[i]).toBe(`${r.runId}.json`);
      expect(r.runId).toMatch(/^\d{8}-\d{6}\.\d{3}-baseline-[0-9a-f]{6}$/);
      expect(r.status).toBe('complete');
      expect(r.levels[0]?.repetitions).toHaveLength(2);
    }
    // Two runs share two cores here, so a repetition may miss its rate (exit 6): this case is
    // about files. Each run printed its own file.
    for (const outcome of [a, b]) expect([0, 6]).toContain(outcome.code);
    expect(`${a.stdout}${b.stdout}`).toContain(files[0] as string);
    expect(`${a.stdout}${b.stdout}`).toContain(files[1] as string);
    expectNoLeftovers(join(cwd, 'results'));
  });

  it('an existing --out is refused before anything starts (exit 2) and kept; --arms too', async () => {
    const dir = folder('existing');
    const out = join(dir, 'r.json');
    writeFileSync(out, 'precious');
    const refused = await run(['--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`error: result file ${out} already exists; refusing to overwrite it`);
    expect(refused.stderr).toContain('hint: choose another path, or pass --force to replace it');
    expect(readFileSync(out, 'utf8')).toBe('precious');
    writeFileSync(join(dir, 'ab-b.json'), 'precious too');
    const arms = await run(['--out', join(dir, 'ab.json'), '--arms', 'a,b']);
    expect(arms.code).toBe(2);
    expect(arms.stderr).toContain(`error: result file ${join(dir, 'ab-b.json')} already exists`);
    expect(existsSync(join(dir, 'ab-a.json'))).toBe(false);
    expectNoLeftovers(dir);
  });

  it.each([
    ['an existing folder', (dir: string) => dir, 2, (p: string) => `error: cannot write result file ${p}: it is an existing folder`],
    ['a path under /proc', () => '/proc/meshbench-result.json', 2, () => "/proc is on the kernel's proc file system, not storage"],
    // A FIFO of our own, never a shared device: old code renamed its temp file over the target.
    [
      'a FIFO',
      (dir: string) => {
        const fifo = join(dir, 'fifo');
        if (!existsSync(fifo)) spawnSync('mkfifo', [fifo]);
        return fifo;
      },
      2,
      (p: string) => `error: cannot write result file ${p}: it exists and is not a regular file (a device, FIFO or socket)`,
    ],
    [
      'a symlink loop',
      (dir: string) => {
        const loop = join(dir, 'loop.json');
        if (!existsSync(join(dir, 'loop.json.keep'))) {
          symlinkSync(loop, loop);
          writeFileSync(join(dir, 'loop.json.keep'), '');
        }
        return loop;
      },
      7,
      (p: string) => `error: cannot write result file ${p}: ELOOP (too many levels of symbolic links (a symlink loop))`,
    ],
  ])('--out as %s: refused before measuring', async (_name, pathOf, code, message) => {
    const dir = folder(`odd-${code}-${_name.replaceAll(' ', '-').replaceAll('/', '')}`);
    const out = pathOf(dir);
    const started = Date.now();
    const refused = await run(['--out', out]);
    expect(refused.code).toBe(code);
    expect(refused.stderr).toContain(message(out));
    expect(refused.stderr).not.toMatch(/this is a bug/);
    expect(refused.stderr).not.toMatch(/prepare|verify/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expectNoLeftovers(dir);
  });

  it('a read-only file system: exit 7 naming EROFS before measuring', async (ctx) => {
    const disk = smallDisk({ sizeKb: 64, readOnly: true });
    if (!disk) return ctx.skip('mount -t tmpfs is not permitted here (needs root); EROFS is covered by the injected cases');
    const out = join(disk.dir, 'r.json');
    const refused = await run(['--out', out]);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain(`error: cannot write result file ${out}: EROFS (read-only file system)`);
    expect(existsSync(out)).toBe(false);
    expectNoLeftovers(disk.dir);
  });

  it('a full disk at the first write: exit 7, no run folder leaked, nothing started', async () => {
    const disk = smallDisk({ sizeKb: 64 });
    const dir = disk?.dir ?? folder('full-first');
    if (disk) fillDisk(disk.dir);
    else {
      outputFs.writeFileSync = () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      };
    }
    const out = join(dir, 'r.json');
    const failed = await run(['--out', out]);
    expect(failed.code).toBe(7);
    expect(failed.stderr).toContain(`error: cannot write result file ${out}: ENOSPC (no space left on device)`);
    expect(failed.stderr).toContain('hint: free space on that file system or choose another path');
    expect(existsSync(out)).toBe(false);
    expectNoLeftovers(dir);
  });

  it('a disk that fills up mid-run: exit 7, the last good write kept and marked failed, not valid', async () => {
    const disk = smallDisk({ sizeKb: 64 });
    const dir = disk?.dir ?? folder('full-mid');
    const out = join(dir, 'r.json');
    let filled = false;
    const fill = () => {
      if (filled) return;
      filled = true;
      if (disk) fillDisk(disk.dir);
      else {
        // No mount allowed: the same fault injected at the write boundary.
        outputFs.writeFileSync = (file, data, options) => {
          realFs.writeFileSync(file, String(data).slice(0, 100), options);
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        };
      }
    };
    const pending = run(['--out', out]);
    // Fill the disk as soon as the first version of the result is on it.
    const watcher = setInterval(() => existsSync(out) && fill(), 5);
    const failed = await pending;
    clearInterval(watcher);
    expect(filled).toBe(true);
    expect(failed.code).toBe(7);
    expect(failed.stderr).toContain(`error: cannot write result file ${out}: ENOSPC (no space left on device)`);
    expect(failed.stderr).toMatch(/keeps its last complete write \(up to \d+ repetition\(s\)\), marked status "failed", not valid/);
    const kept = readResultFile(out);
    expect(kept.status).toBe('failed');
    expect(kept.valid).toBe(false);
    expectNoLeftovers(dir);
  });

  it('Ctrl-C of a local run: exit 130, the hint talks about processes, not clusters', async () => {
    const dir = folder('interrupt');
    const out = join(dir, 'r.json');
    const controller = new AbortController();
    const pending = run(['--out', out], { signal: controller.signal });
    const watcher = setInterval(() => existsSync(out) && controller.abort(), 5);
    const done = await pending;
    clearInterval(watcher);
    expect(done.code).toBe(130);
    expect(done.stderr).toContain('hint: the repetitions finished so far were kept in the result file (status "interrupted"); the processes this run started (services, proxies, load agents) were stopped and its temp folder removed');
    expect(done.stderr).not.toMatch(/cluster/);
    expect(readResultFile(out).status).toBe('interrupted');
    expectNoLeftovers(dir);
  });
});

describe('fault injection: report and compare outputs', { timeout: 120_000 }, () => {
  const outputs: [string, string[], string][] = [
    ['report --html', ['report', RESULT, '--html'], 'HTML report'],
    ['report --csv', ['report', RESULT, '--csv'], 'CSV export'],
    ['report --smp', ['report', RESULT, '--smp'], 'SMP export'],
    ['compare --junit', ['compare', BASE, HEAD, '--junit'], 'JUnit report'],
    ['compare --json', ['compare', BASE, HEAD, '--json'], 'JSON gate report'],
    ['compare --markdown', ['compare', BASE, HEAD, '--markdown'], 'Markdown gate report'],
  ];

  it.each(outputs)('%s to a folder, /proc, a symlink loop: exit 2/2/7 with the path and reason', async (_name, args, what) => {
    const dir = folder(`out-${what.replaceAll(' ', '-')}`);
    const asFolder = await runBench([...args, dir]);
    expect(asFolder.code).toBe(2);
    expect(asFolder.stderr).toContain(`error: cannot write ${what} ${dir}: it is an existing folder`);
    const proc = await runBench([...args, '/proc/meshbench-out']);
    expect(proc.code).toBe(2);
    expect(proc.stderr).toContain(`error: cannot write ${what} /proc/meshbench-out: /proc is on the kernel's proc file system, not storage`);
    const loop = join(dir, 'loop');
    symlinkSync(loop, loop);
    const looped = await runBench([...args, loop]);
    expect(looped.code).toBe(7);
    expect(looped.stderr).toContain(`error: cannot write ${what} ${loop}: ELOOP (too many levels of symbolic links (a symlink loop))`);
    for (const r of [asFolder, proc, looped]) expect(r.stderr).not.toMatch(/this is a bug/);
    expect(readdirSync(dir)).toEqual(['loop']);
    expectNoLeftovers(dir);
  });

  it.each(outputs)('%s to a full disk: exit 7, ENOSPC named, no temp file', async (_name, args, what) => {
    const disk = smallDisk({ sizeKb: 16 });
    const dir = disk?.dir ?? folder(`full-${what.replaceAll(' ', '-')}`);
    if (disk) fillDisk(disk.dir);
    else {
      outputFs.writeFileSync = () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      };
    }
    const out = join(dir, 'out');
    const failed = await runBench([...args, out]);
    expect(failed.code).toBe(7);
    expect(failed.stderr).toContain(`error: cannot write ${what} ${out}: ENOSPC (no space left on device)`);
    expect(existsSync(out)).toBe(false);
    expectNoLeftovers(dir);
  });

  it('EACCES for real: a user without write permission gets exit 7 naming the path', (ctx) => {
    // Tests run as root, which ignores permissions: run the CLI as nobody against a root-owned folder.
    if (process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status !== 0) {
      return ctx.skip('needs root and setpriv to run the CLI as another user; EACCES is the same code path as the ENOSPC cases');
    }
    const dir = folder('eacces');
    const out = join(dir, 'report.html');
    const cli = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...SOURCE_CLI_ARGS, 'report', RESULT, '--html', out], {
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: realTmp },
      timeout: 90_000,
    });
    expect(cli.stderr).toContain(`error: cannot write HTML report ${out}: EACCES (permission denied)`);
    expect(cli.status).toBe(7);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('messages', () => {
  let server: Server;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });
  afterAll(() => server.close());

  it('Ctrl-C of bench load: the hint talks about the measurement, not clusters', async () => {
    const { port } = server.address() as AddressInfo;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const done = await runBench(['load', `http://127.0.0.1:${port}/`, '--rate', '50', '-d', '5s', '-w', '0s'], { signal: controller.signal });
    expect(done.code).toBe(130);
    expect(done.stderr).toContain('hint: the measurement was cut short, so nothing was reported; its connections were closed');
    expect(done.stderr).not.toMatch(/cluster/);
  });

  it('a symlink loop as an input names ELOOP: scenario, result file, gate', async () => {
    const dir = folder('loops');
    const loop = join(dir, 'loop.yaml');
    symlinkSync(loop, loop);
    const scenario = await runBench(['run', BASELINE, '--platform', 'local', '--scenario', loop]);
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toContain(`error: ${loop} cannot read: ELOOP (too many levels of symbolic links (a symlink loop))`);
    const report = await runBench(['report', loop, '--csv', join(dir, 'x.csv')]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain(`error: cannot read result file ${loop}: ELOOP`);
    const gate = await runBench(['compare', BASE, HEAD, '--gate', loop]);
    expect(gate.code).toBe(2);
    expect(gate.stderr).toContain(`error: ${loop} cannot read: ELOOP`);
  });
});
