import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { REALTIME_WHERE_ALLOWED, realtimeAllowed } from '../helpers/realtime-agent.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const SCENARIO = 'test/fixtures/scenarios/e2e-local.yaml';
/** One level, short windows: for the tests that check plumbing, not measured figures. */
const PLUMBING = 'test/fixtures/scenarios/e2e-local-plumbing.yaml';
/** One level with the same 1.5 s window: for what is metered and verified per level. */
const ONE_LEVEL = 'test/fixtures/scenarios/e2e-local-one-level.yaml';
const dir = mkdtempSync(join(tmpdir(), 'meshbench-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * One short run serves two plumbing tests: the threaded open loop (load.threads 2) and
 * --realtime-agent, which wraps that agent in `chrt -f` (where this user may; otherwise the
 * --realtime-agent test checks the refusal on its own). Both check what the run records, not its
 * figures. Kept once it exits 0; a failed attempt is run again by the next test or retry.
 */
let threadsRun: Promise<{ code: number; stderr: string; out: string }> | undefined;
function sharedThreadsRun(): Promise<{ code: number; stderr: string; out: string }> {
  threadsRun ??= (async () => {
    const out = join(dir, 'threads.json');
    const run = await runBench(['run', 'baseline', '--platform', 'local', '--scenario', 'test/fixtures/scenarios/e2e-local-threads.yaml', '--out', out, '--force', '--quiet', ...REALTIME_WHERE_ALLOWED]);
    if (run.code !== 0) threadsRun = undefined;
    return { ...run, out };
  })();
  return threadsRun;
}

// Real processes and wall-clock timing on a shared 2-core machine: a stall of the machine can
// fail one attempt; a real bug fails all three. A retry writes the same --out again: --force.
describe('bench run on the local platform', { retry: 2 }, () => {
  it('baseline: measures every level and writes a valid result file; --json - puts the summary on stdout', async () => {
    const out = join(dir, 'baseline.json');
    const run = await runBench(['run', 'baseline', '--platform', 'local', '--scenario', SCENARIO, '--out', out, '--force', '--json', '-']);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    const result = readResultFile(out);
    expect(result.status).toBe('complete');
    expect(result.valid).toBe(true);
    expect(result.target).toMatchObject({ name: 'baseline', platform: 'local', mesh: 'none' });
    expect(result.environment.agentScheduling).toBe('normal');
    expect(result.levels.map((l) => l.targetRps)).toEqual([100, 150]);
    for (const level of result.levels) {
      expect(level.repetitions).toHaveLength(2);
      for (const rep of level.repetitions) {
        expect(rep.requests.scheduled).toBe(level.targetRps * 1.5);
        expect(rep.achievedRps).toBeCloseTo(level.targetRps, -1);
        expect(rep.latency.count).toBe(rep.requests.completed);
        // The chain (gateway → order) is metered from /proc; the host too.
        expect(rep.resources.map((r) => r.component).sort()).toEqual(['gateway', 'order']);
        expect(rep.resources.every((r) => r.role === 'app' && r.cpuCoreSeconds > 0 && r.memoryMaxBytes > 0)).toBe(true);
        expect(rep.hostCpu?.busyCoreSeconds).toBeGreaterThan(0);
        expect(rep.generator.cpuCoreSeconds).toBeGreaterThan(0);
      }
      expect(level.summary.validRepetitions).toBe(2);
      expect(level.summary.latency?.count).toBe(level.repetitions.reduce((s, r) => s + r.latency.count, 0));
    }
    expect(result.verification.verified).toBe(true);
    // stdout is exactly the JSON summary; the table and the progress are on stderr.
    const summary = JSON.parse(run.stdout) as { valid: boolean; results: { resultPath: string; levels: { targetRps: number; validRepetitions: number; pooledFrom: string; perRepetition: { valid: boolean; achievedRps: number }[] }[] }[] };
    expect(summary.valid).toBe(true);
    expect(summary.results.map((r) => r.resultPath)).toEqual([out]);
    expect(summary.results[0]?.levels.map((l) => [l.targetRps, l.validRepetitions, l.pooledFrom])).toEqual([
      [100, 2, 'valid'],
      [150, 2, 'valid'],
    ]);
    expect(summary.results[0]?.levels[0]?.perRepetition[0]?.achievedRps).toBeCloseTo(100, -1);
    expect(run.stderr).toMatch(/p99/);
    // One line per finished repetition (not a terminal: plain lines), with rate, p50, p99, errors and validity.
    const done = run.stderr.split('\n').filter((l) => /^ {2}[✔✖] \d+ rps rep \d+: /.test(l));
    expect(done).toHaveLength(4);
    for (const line of done) expect(line).toMatch(/: \d+\.\d rps, p50 [\d.]+(µs|ms), p99 [\d.]+(µs|ms), errors \d+ \([\d.]+%\); (valid|INVALID: .+)$/);
    expect(run.stderr).not.toContain('\x1b');
    // The result path is printed once.
    expect(run.stderr.split(out).length - 1).toBe(1);
  });

  it('proxy-mtls: meters the haproxy pair as the data plane and proves mTLS is enforced', async () => {
    const out = join(dir, 'proxy.json');
    const run = await runBench(['run', 'proxy-mtls', '--scenario', ONE_LEVEL, '--out', out, '--force', '--quiet', '--reps', '1']);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    const result = readResultFile(out);
    expect(result.target.mode).toBe('sidecar-pair');
    const rep = result.levels[0]?.repetitions[0];
    const dataPlane = rep?.resources.filter((r) => r.role === 'data-plane').map((r) => r.component).sort();
    expect(dataPlane).toEqual(['haproxy-client', 'haproxy-server']);
    expect(result.levels[0]?.summary.dataPlaneVcpuPer1kRpsMedian).toBeGreaterThan(0);
    expect(result.verification.checks.map((c) => [c.name, c.passed])).toContainEqual(['mtls-enforced', true]);
  });

  it('--arms interleaves the arms ABBA and writes one result file per arm', async () => {
    const out = join(dir, 'ab.json');
    // The agent's scheduling is not what this checks (helpers/realtime-agent.ts).
    const run = await runBench(['run', 'baseline', '--platform', 'local', '--scenario', PLUMBING, '--out', out, '--force', '--quiet', '--arms', 'a,b', ...REALTIME_WHERE_ALLOWED]);
    expect(run.code).toBe(0);
    const a = readResultFile(join(dir, 'ab-a.json'));
    const b = readResultFile(join(dir, 'ab-b.json'));
    const order = [...a.levels[0]!.repetitions, ...b.levels[0]!.repetitions]
      .sort((x, y) => x.windowStartMs - y.windowStartMs)
      .map((r) => r.arm);
    expect(order).toEqual(['a', 'b', 'b', 'a']);
    expect(a.scenario.contentHash).toBe(b.scenario.contentHash);
  });

  it('load.threads 2: the result file records each sending thread\'s health in the generator section', async () => {
    const run = await sharedThreadsRun();
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    const rep = readResultFile(run.out).levels[0]?.repetitions[0];
    const threads = rep?.generator.threads ?? [];
    expect(threads.map((t) => [t.agentIndex, t.index])).toEqual([
      [0, 0],
      [0, 1],
    ]);
    // Every send of the window was made by one of the threads; each thread sent its half of the schedule.
    expect(threads.reduce((s, t) => s + t.sent, 0)).toBe(rep?.requests.sent);
    for (const t of threads) {
      expect(t.sent).toBeGreaterThanOrEqual(20);
      expect(t.lagP99Us).toBeGreaterThanOrEqual(t.lagP50Us);
      expect(t.dropped).toBe(0);
      expect(t.cpuSeconds).toBeGreaterThan(0);
      expect(t.cpuUtilization).toBeGreaterThan(0);
    }
  });

  it('--realtime-agent runs the agent under chrt -f and records it, or says why it may not', async () => {
    const plan = await runBench(['run', 'baseline', '--platform', 'local', '--scenario', SCENARIO, '--realtime-agent', '--dry-run']);
    expect(plan.stdout).toContain('$ chrt -f 10 true');
    expect(plan.stdout).toMatch(/agent process\(es\) `chrt -f 10 \S*node --max-semi-space-size=32 \S*load-agent\.mjs`/);
    if (realtimeAllowed) {
      // The threads test's run (see sharedThreadsRun).
      const run = await sharedThreadsRun();
      expect(run.code).toBe(0);
      expect(readResultFile(run.out).environment.agentScheduling).toBe('realtime-fifo');
    } else {
      const run = await runBench(['run', 'baseline', '--platform', 'local', '--scenario', PLUMBING, '--out', join(dir, 'realtime.json'), '--force', '--quiet', '--reps', '1', '--realtime-agent']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/may not run a process at real-time priority[\s\S]*hint: run as root, or give node CAP_SYS_NICE/);
    }
  });

  it('--realtime-agent without the privilege: exit 2 before anything starts, with what to do', async () => {
    const bin = tempDir('meshbench-chrt-');
    writeFileSync(join(bin, 'chrt'), "#!/bin/sh\necho \"chrt: failed to set pid 0's policy: Operation not permitted\" >&2\nexit 1\n", { mode: 0o755 });
    const path = process.env['PATH'];
    process.env['PATH'] = `${bin}:${path}`;
    try {
      const run = await runBench(['run', 'baseline', '--platform', 'local', '--scenario', SCENARIO, '--out', join(dir, 'denied.json'), '--quiet', '--realtime-agent']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("error: --realtime-agent: this user may not run a process at real-time priority (chrt: failed to set pid 0's policy: Operation not permitted)");
      expect(run.stderr).toContain('hint: run as root, or give node CAP_SYS_NICE');
    } finally {
      process.env['PATH'] = path;
    }
  });

  it('writes the result after each repetition (a partial run keeps its measurements)', async () => {
    const out = join(dir, 'interrupted.json');
    const controller = new AbortController();
    const run = runBench(['run', 'baseline', '--platform', 'local', '--scenario', PLUMBING, '--out', out, '--force', '--quiet'], { signal: controller.signal });
    // Abort during the second repetition of the first level.
    const timer = setInterval(() => {
      try {
        const partial = JSON.parse(readFileSync(out, 'utf8')) as { levels: { repetitions: unknown[] }[] };
        if ((partial.levels[0]?.repetitions.length ?? 0) >= 1) controller.abort();
      } catch {
        // not written yet
      }
    }, 100);
    const done = await run;
    clearInterval(timer);
    expect(done.code).toBe(130);
    const result = readResultFile(out);
    expect(result.status).toBe('interrupted');
    expect(result.valid).toBe(false);
    expect(result.levels[0]?.repetitions.length).toBeGreaterThanOrEqual(1);
  });
});

describe('bad input', () => {
  it.each([
    [['run', 'no-such-target', '--platform', 'local'], 2, /unknown target "no-such-target"/],
    [['run', 'baseline', '--platform', 'moon'], 2, /unknown platform "moon"/],
    [['run', 'baseline', '--platform', 'local', '--scenario', 'no-such-scenario'], 2, /unknown scenario/],
    [['run', 'proxy-mtls', '--platform', 'kind'], 2, /cannot run on the kind platform/],
    [['run', 'baseline', '--reps', '-3'], 2, /positive integer/],
    [['load', 'http://127.0.0.1:1/', '--rate', '-5'], 2, /positive number/],
    [['load', 'not a url', '--rate', '5'], 2, /not a URL/],
    [['load', 'http://127.0.0.1:9/', '--rate', '20', '-d', '300ms', '-w', '0s'], 4, /no response from/],
    [['validate', 'test/fixtures/config/misspelled-scenario.yaml'], 2, /problems in 1 of 1 file\(s\) \(test\/fixtures\/config\/misspelled-scenario\.yaml\); the first: test\/fixtures\/config\/misspelled-scenario\.yaml:\d+:\d+ load/],
  ])('bench %j exits %d with a one-line error', async (args, code, message) => {
    const run = await runBench(args as string[]);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message as RegExp);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
  });

  it.each([
    [['run', 'baseline', '--platform', 'kind', '--realtime-agent', '--dry-run'], /--realtime-agent is for the local platform; on kind the agent runs in a pod/],
    [['run', 'baseline', '--platform', 'local', '--realtime-agent', '--scenario', 'test/fixtures/scenarios/closed-loop.yaml'], /--realtime-agent needs an open-loop scenario/],
  ])('bench %j refuses --realtime-agent where it cannot apply', async (args, message) => {
    const run = await runBench(args as string[]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message as RegExp);
  });

  it('a mesh target on the local platform names the platform it needs', async () => {
    const run = await runBench(['run', 'test/fixtures/config/kind-only-target.yaml', '--platform', 'local']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot run on the local platform/);
    expect(run.stderr).toMatch(/hint: it runs on: kind, existing/);
  });
});
