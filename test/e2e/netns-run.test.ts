/**
 * The netns targets end to end, as root on Linux (CI runs as root): real namespaces, veths,
 * iptables rules and haproxy processes. After every run nothing may be left: no namespace of the
 * run, no new link or nat rule in the host namespace, no process in a namespace other than the
 * host's. Fault tests: a namespace name already taken, Ctrl-C during setup, a proxy killed mid-run.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, loadTarget } from '../../src/config/config-files.ts';
import { ExecaCommandRunner } from '../../src/exec/command-runner.ts';
import { currentHost, netnsPrivilegeProblem } from '../../src/platform/local/netns/netns-preflight.ts';
import { prepareNetnsPlatform } from '../../src/platform/local/netns/netns-platform.ts';
import { readResultFile } from '../../src/results/result-file.ts';
import { runBench } from '../helpers/cli-harness.ts';
import { SOURCE_CLI_ARGS } from '../helpers/source-cli.ts';

/** One level with e2e-local's 1.5 s window: what is checked holds per level, not across levels. */
const SCENARIO = 'test/fixtures/scenarios/e2e-local-one-level.yaml';
const dir = mkdtempSync(join(tmpdir(), 'meshbench-netns-e2e-'));
const available = netnsPrivilegeProblem(currentHost()) === null && spawnSync('ip', ['-V']).status === 0;

function netnsNames(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith('mb-'));
}

function hostLinks(): string[] {
  return execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(':')[1]?.trim() ?? '')
    .filter(Boolean)
    .sort();
}

function hostNat(): string {
  return execFileSync('iptables-save', ['-t', 'nat'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}

/** Workload processes (order-service, agent, haproxy) living in a namespace other than ours. */
function processesInOtherNamespaces(): string[] {
  const own = readlinkSync('/proc/self/ns/net');
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!/order-service\.mjs|load-agent\.mjs|haproxy|netns-probe/.test(cmd)) continue;
      if (readlinkSync(`/proc/${pid}/ns/net`) !== own) found.push(`${pid} ${cmd}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

function pidOf(pattern: string): number | null {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(pattern)) return Number(pid);
    } catch {
      // exited meanwhile
    }
  }
  return null;
}

function snapshot() {
  return { links: hostLinks(), nat: hostNat() };
}

function expectNothingLeft(before: ReturnType<typeof snapshot>, prefix?: string): void {
  expect(netnsNames().filter((n) => (prefix ? n.startsWith(`${prefix}-`) : true))).toEqual([]);
  expect(hostLinks()).toEqual(before.links);
  expect(hostNat()).toEqual(before.nat);
  expect(processesInOtherNamespaces()).toEqual([]);
}

function bench(args: string[]): { child: ReturnType<typeof spawn>; done: Promise<number>; stderr: () => string } {
  const child = spawn(process.execPath, [...SOURCE_CLI_ARGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  child.stdout?.resume();
  const done = new Promise<number>((res) => child.on('exit', (code) => res(code ?? -1)));
  return { child, done, stderr: () => stderr };
}

async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Real processes on a shared 2-core machine: a stall can fail one attempt; a real bug fails all three.
describe.skipIf(!available)('netns targets on the local platform (root)', { retry: 2, timeout: 240_000 }, () => {
  it.each([
    ['netns-baseline', ['request-reaches-chain', 'no-capture', 'netns-topology'], []],
    ['netns-sidecar', ['request-reaches-chain', 'capture-rules-present', 'plaintext-refused', 'netns-topology'], ['sidecar-agent', 'sidecar-gateway', 'sidecar-order']],
    ['netns-node-proxy', ['request-reaches-chain', 'capture-rules-present', 'plaintext-refused', 'netns-topology'], ['node-proxy-client', 'node-proxy-server']],
  ] as const)('%s: measures, proves capture and refusal, leaves nothing behind', async (target, checks, proxies) => {
    const before = snapshot();
    const out = join(dir, `${target}.json`);
    // --force: a retry writes the same --out again.
    const run = await runBench(['run', target, '--platform', 'local', '--scenario', SCENARIO, '--out', out, '--force', '--quiet', '--reps', '1']);
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    const result = readResultFile(out);
    expect(result.status).toBe('complete');
    expect(result.target).toMatchObject({ name: target, mesh: 'netns' });
    expect(result.verification.verified).toBe(true);
    expect(result.verification.checks.map((c) => [c.name, c.passed])).toEqual(checks.map((c) => [c, true]));
    const evidence = result.verification.checks.flatMap((c) => c.evidence).join('\n');
    expect(evidence).toMatch(/→ 200, x-chain-depth: 2/);
    if (proxies.length > 0) {
      expect(evidence).toMatch(/iptables-save -t nat: -A (OUTPUT|PREROUTING) .*REDIRECT --to-ports 15001/);
      expect(evidence).toMatch(/plaintext HTTP from the un-meshed pod outsider to gateway 10\.213\.2\.10:8080: refused/);
    } else {
      expect(evidence).toMatch(/outsider to gateway 10\.213\.2\.10:8080 \(no mesh: the app answers\): answered "HTTP\/1\.1 200 OK"/);
    }
    expect(result.levels).toHaveLength(1);
    for (const level of result.levels) {
      const rep = level.repetitions[0];
      expect(rep?.requests.errors).toBe(0);
      expect(rep?.resources.filter((r) => r.role === 'app').map((r) => r.component).sort()).toEqual(['gateway', 'order']);
      const dataPlane = rep?.resources.filter((r) => r.role === 'data-plane') ?? [];
      expect(dataPlane.map((r) => r.component).sort()).toEqual([...proxies]);
      expect(dataPlane.every((r) => r.cpuCoreSeconds > 0 && r.memoryMaxBytes > 0)).toBe(true);
    }
    expectNothingLeft(before);
  });

  it('a namespace name already taken: clear error, nothing created, the other namespace untouched', async () => {
    const before = snapshot();
    execFileSync('ip', ['netns', 'add', 'mb-0ccupd-gateway']);
    try {
      const work = mkdtempSync(join(dir, 'taken-'));
      const err = await prepareNetnsPlatform({
        target: loadTarget('netns-sidecar').spec,
        scenario: loadScenario(SCENARIO).spec,
        runId: 'taken',
        resultPath: join(work, 'r.json'),
        workDir: work,
        launchers: { orderService: { command: 'false', args: [] }, agent: { command: 'false', args: [] } },
        runner: new ExecaCommandRunner(),
        prefix: 'mb-0ccupd',
      }).catch((e: unknown) => e as Error);
      expect((err as Error).message).toBe('network namespace name already taken: mb-0ccupd-gateway');
      expect(netnsNames().filter((n) => n.startsWith('mb-0ccupd-'))).toEqual(['mb-0ccupd-gateway']);
    } finally {
      execFileSync('ip', ['netns', 'delete', 'mb-0ccupd-gateway']);
    }
    expectNothingLeft(before);
  });

  it('Ctrl-C during setup: exit 130, every namespace and process of the run removed', async () => {
    const before = snapshot();
    const existing = new Set(netnsNames());
    const run = bench(['run', 'netns-sidecar', '--platform', 'local', '--scenario', SCENARIO, '--out', join(dir, 'sigint.json'), '--quiet']);
    // Interrupt once the run has built some of its namespaces (mid-setup).
    const ns = await until('a namespace of the run', () => netnsNames().find((n) => !existing.has(n)));
    run.child.kill('SIGINT');
    expect(await run.done).toBe(130);
    expect(run.stderr()).toMatch(/SIGINT: stopping; cleaning up/);
    expectNothingLeft(before, ns.split('-').slice(0, 2).join('-'));
  });

  it('a proxy killed mid-run: the repetition records the errors, the run is invalid, and nothing is left', async () => {
    const before = snapshot();
    const out = join(dir, 'killed.json');
    // A retry must not read the verification of the attempt before.
    rmSync(out, { force: true });
    // In process, not a spawned CLI (the Ctrl-C test spawns one): what is checked is the result
    // file and the cleanup, not the process; a spawned CLI costs seconds of CPU to load through tsx.
    // Two 1.5 s windows, so the kill lands in a window even when the machine is slow to find the proxy.
    const run = runBench(['run', 'netns-sidecar', '--platform', 'local', '--scenario', SCENARIO, '--out', out, '--force', '--quiet', '--reps', '2']);
    let ended = false;
    void run.finally(() => {
      ended = true;
    });
    // Verification is written before the first repetition starts.
    await until('verification in the result', () => {
      if (ended) throw new Error('the run ended before its verification was read');
      try {
        return (JSON.parse(readFileSync(out, 'utf8')) as { verification: { checks: unknown[] } }).verification.checks.length > 0;
      } catch {
        return false;
      }
    });
    const pid = await until('the gateway sidecar', () => pidOf('haproxy-sidecar-gateway.cfg'));
    process.kill(pid, 'SIGKILL');
    const { code } = await run;
    expect(code).not.toBe(0);
    const result = readResultFile(out);
    expect(result.valid).toBe(false);
    // Requests after the kill fail: refused by the pod's capture (nothing on :15006) → 503 from the agent's sidecar.
    const failed = result.levels.flatMap((l) => l.repetitions).reduce((sum, r) => sum + (r.requests.sent - r.requests.ok), 0);
    expect(failed).toBeGreaterThan(0);
    expectNothingLeft(before);
  });
});
