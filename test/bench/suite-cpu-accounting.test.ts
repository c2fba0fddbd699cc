import { describe, expect, it } from 'vitest';
import { classifyProcess, cpuByClass, parseAcctDump, parseForkstatExecs } from '../../bench/suite-cpu-accounting.ts';

// Lines as dump-acct (Debian's acct 6.6) and forkstat printed them on this machine.
const ACCT = `haproxy         |v3|     8.00|     3.00|    17.00|     0|     0| 99904.00|     0.00|    3418|    3368|     |       0|__      |Mon Dec  7 02:44:46 2026
node            |v3|  1457.00|   474.00| 19249.00|     0|     0|2191360.00|     0.00|   19324|   19323|    X|       0|__      |Mon Dec  7 02:27:12 2026
node            |v3|    40.00|    14.00|   230.00|     0|     0|2191360.00|     0.00|    3749|    3700|     |       0|__      |Mon Dec  7 02:45:04 2026
`;
const FORKSTAT = `Time     Event   PID Info   Duration Process
02:45:04 exec   3749                 /usr/bin/setpriv --pdeathsig KILL -- ip netns exec mb-0dc89f-agent /usr/bin/node --max-semi-space-size=32 /tmp/meshbench-run-RRb1Hq/run/load-agent.mjs 
02:45:04 exec   3749                 /usr/bin/node --max-semi-space-size=32 /tmp/meshbench-run-RRb1Hq/run/load-agent.mjs 
02:27:12 exec   19324                node /work/main/node_modules/.bin/vitest run
02:44:46 exit   3418      0   0.170s haproxy -db -f /tmp/x/haproxy.cfg
`;

describe('parseAcctDump', () => {
  it('reads pid, parent and CPU (user + system) in seconds from 100 Hz ticks', () => {
    const records = parseAcctDump(ACCT);
    expect(records).toHaveLength(3);
    expect(records[1]).toEqual({ comm: 'node', pid: 19324, ppid: 19323, cpuSeconds: 19.31, elapsedSeconds: 192.49 });
    expect(records[0]?.cpuSeconds).toBeCloseTo(0.11, 10);
  });
  it('refuses a record of another shape, naming its line', () => {
    expect(() => parseAcctDump(`${ACCT}node|v2|1|2|3\n`)).toThrow(/dump-acct line 4: expected a v3 record/);
  });
});

describe('parseForkstatExecs', () => {
  it('keeps the last program each pid executed and ignores other events', () => {
    const execs = parseForkstatExecs(FORKSTAT);
    expect(execs.get(3749)).toBe('/usr/bin/node --max-semi-space-size=32 /tmp/meshbench-run-RRb1Hq/run/load-agent.mjs');
    expect(execs.get(19324)).toBe('node /work/main/node_modules/.bin/vitest run');
    expect(execs.has(3418)).toBe(false);
  });
});

describe('classifyProcess', () => {
  it.each([
    ['/usr/bin/node /tmp/meshbench-run-x/run/order-service.mjs', 'node', 'order-services'],
    ['/usr/bin/node --import tsx /work/main/src/service/order-service-main.ts', 'node', 'order-services'],
    ['/usr/bin/node --experimental-import-meta-resolve --require /work/main/node_modules/vitest/suppress-warnings.cjs --conditions node', 'node', 'vitest workers'],
    ['haproxy -c -q -f /tmp/x/haproxy.cfg', 'haproxy', 'haproxy -c (config checks)'],
    ['haproxy -db -f /tmp/x/haproxy.cfg', 'haproxy', 'haproxy'],
    ['node /usr/bin/npm install --omit=dev --no-audit --prefix /tmp/p /tmp/m.tgz', 'node', 'npm install/pack'],
    ['/usr/bin/node /work/main/node_modules/typescript/bin/tsc --noEmit consumer.ts', 'node', 'tsc'],
    ['/usr/bin/node --import file:///work/main/node_modules/tsx/dist/loader.mjs /work/main/src/cli/bench-main.ts --version', 'node', 'CLI through tsx'],
    ['node /tmp/p/node_modules/.bin/meshbench compare a.json b.json', 'node', 'CLI from dist'],
    ['node /work/main/test/fixtures/bin/kind version', 'node', 'fake tools'],
    ['openssl req -new -subj /CN=meshbench-load-agent -out /tmp/x/client.csr', 'openssl', 'openssl'],
    ['ip netns exec mb-1-agent true', 'ip', 'ip, iptables, mount (netns)'],
    ['gcc -O2 -o floor floor.c', 'gcc', 'other'],
  ])('%s → %s', (command, comm, label) => {
    expect(classifyProcess(command, comm)).toBe(label);
  });
  it('classifies by the command name where no exec was seen (forked children)', () => {
    expect(classifyProcess(undefined, 'HangWatcher')).toBe('chromium');
    expect(classifyProcess(undefined, 'node')).toBe('other (node, no exec seen)');
  });
});

describe('cpuByClass', () => {
  it('sums CPU per class, largest first, and totals every record', () => {
    const { classes, totalCpuSeconds } = cpuByClass(parseAcctDump(ACCT), parseForkstatExecs(FORKSTAT));
    expect(classes.map((c) => [c.label, c.processes])).toEqual([
      ['vitest main', 1],
      ['load agents', 1],
      ['haproxy', 1],
    ]);
    expect(totalCpuSeconds).toBeCloseTo(19.31 + 0.54 + 0.11, 10);
  });
});
