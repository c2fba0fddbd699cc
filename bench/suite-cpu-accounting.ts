/**
 * Who spends the test suite's CPU: process-accounting records (`dump-acct` of the acct file that
 * `accton` wrote) joined by pid with the command lines `forkstat -e exec` saw, summed per class of
 * program. Pure: bench/suite-cpu.ts runs the suite and the tools.
 */

/** One exited process, as the kernel accounted it. */
export interface AcctRecord {
  comm: string;
  pid: number;
  ppid: number;
  /** User plus system CPU. */
  cpuSeconds: number;
  elapsedSeconds: number;
}

/**
 * acct v3 counts CPU and elapsed time in AHZ ticks, 100 per second on Linux (`man 5 acct`);
 * dump-acct prints them decoded, as ticks.
 */
const ACCT_TICKS_PER_SECOND = 100;

/**
 * Lines of `dump-acct FILE`: `comm|version|utime|stime|etime|uid|gid|mem|io|pid|ppid|flags|…`.
 * Lines of another shape (a v2 file has no pid) are refused with their number.
 */
export function parseAcctDump(text: string): AcctRecord[] {
  const records: AcctRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const f = line.split('|').map((s) => s.trim());
    const [comm, version, utime, stime, etime] = f;
    const pid = Number(f[9]);
    const ppid = Number(f[10]);
    if (version !== 'v3' || !Number.isInteger(pid) || !Number.isInteger(ppid) || [utime, stime, etime].some((v) => !Number.isFinite(Number(v)))) {
      throw new Error(`dump-acct line ${i + 1}: expected a v3 record (comm|v3|utime|stime|etime|uid|gid|mem|io|pid|ppid|…), got: ${line.slice(0, 120)}`);
    }
    records.push({
      comm: comm ?? '',
      pid,
      ppid,
      cpuSeconds: (Number(utime) + Number(stime)) / ACCT_TICKS_PER_SECOND,
      elapsedSeconds: Number(etime) / ACCT_TICKS_PER_SECOND,
    });
  });
  return records;
}

/**
 * The last program each pid executed, from `forkstat -e exec` lines (`HH:MM:SS exec PID  cmdline`).
 * A pid can exec several times (`setpriv … -- ip netns exec … node agent.mjs`): the last one is
 * the program whose CPU the record counts.
 */
export function parseForkstatExecs(text: string): Map<number, string> {
  const commands = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = /^\S+\s+exec\s+(\d+)\s+(.*\S)\s*$/.exec(line);
    if (m) commands.set(Number(m[1]), m[2] as string);
  }
  return commands;
}

/** Classes of program, first match wins; `comm` is used where no exec was seen (forked children). */
const CLASSES: { label: string; command?: RegExp; comm?: RegExp }[] = [
  { label: 'load agents', command: /(load-agent|agent\.bundle)\.mjs|src\/load\/agent-main\.ts/ },
  { label: 'order-services', command: /order-service(\.bundle)?\.mjs|order-service-main\.ts/ },
  { label: 'vitest workers', command: /vitest\/suppress-warnings\.cjs/ },
  { label: 'vitest main', command: /vitest(\.mjs)? run|\.bin\/vitest\b/ },
  { label: 'haproxy -c (config checks)', command: /^(\S*\/)?haproxy\b.*\s-c\b/ },
  { label: 'haproxy', command: /^(\S*\/)?haproxy\b/, comm: /^haproxy$/ },
  { label: 'npm install/pack', command: /\bnpm(-cli\.js)? (install|ci|pack)\b/ },
  { label: 'tsc', command: /typescript\/bin\/tsc\b/ },
  { label: 'CLI through tsx', command: /\btsx\b/ },
  { label: 'CLI from dist', command: /bin\/bench\.js|\.bin\/(bench|meshbench)\b|cli-bundle\// },
  { label: 'fake tools', command: /test\/fixtures\/bin\// },
  { label: 'chromium', command: /chromium|chrome/, comm: /^(chromium|chrome|HangWatcher|ThreadPool|Chrome_)/ },
  { label: 'openssl', command: /^(\S*\/)?openssl\b/, comm: /^openssl$/ },
  { label: 'esbuild', command: /esbuild/, comm: /^esbuild$/ },
  { label: 'ip, iptables, mount (netns)', command: /^(\S*\/)?(ip|iptables|iptables-save|mount|umount|sysctl)\b/, comm: /^(ip|iptables|iptables-save|mount|umount|sysctl)$/ },
];

export function classifyProcess(command: string | undefined, comm: string): string {
  for (const c of CLASSES) {
    if (command !== undefined && c.command?.test(command)) return c.label;
    if (command === undefined && c.comm?.test(comm)) return c.label;
  }
  return command === undefined ? `other (${comm}, no exec seen)` : 'other';
}

export interface CpuClass {
  label: string;
  processes: number;
  cpuSeconds: number;
}

/** CPU per class, largest first, and the total of every record. */
export function cpuByClass(records: AcctRecord[], commands: Map<number, string>): { classes: CpuClass[]; totalCpuSeconds: number } {
  const byLabel = new Map<string, CpuClass>();
  let total = 0;
  for (const r of records) {
    const label = classifyProcess(commands.get(r.pid), r.comm);
    const c = byLabel.get(label) ?? { label, processes: 0, cpuSeconds: 0 };
    c.processes += 1;
    c.cpuSeconds += r.cpuSeconds;
    byLabel.set(label, c);
    total += r.cpuSeconds;
  }
  return { classes: [...byLabel.values()].sort((a, b) => b.cpuSeconds - a.cpuSeconds), totalCpuSeconds: total };
}
