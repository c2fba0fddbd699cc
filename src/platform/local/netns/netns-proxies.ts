/**
 * Starting the netns targets' haproxy processes inside their namespaces, in the foreground
 * (`haproxy -db`) so each is one process whose pid the ProcessMeter meters. `ip netns exec`
 * execs the program in place, so the pid spawned is haproxy's. Readiness is read from
 * /proc/<pid>/net/tcp (the sockets of the process's own namespace): a LISTEN socket on the port.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { HarnessError, interruptedError } from '../../../errors.ts';
import { type CommandRunner, type SpawnedProcess, spawnProcess } from '../../../exec/command-runner.ts';
import { inNetns } from './namespace-topology.ts';

export interface NetnsProxy {
  component: string;
  netns: string;
  configPath: string;
  process: SpawnedProcess;
}

const TCP_LISTEN = '0A';
const READY_TIMEOUT_MS = 10_000;

/** True when /proc/<pid>/net/tcp shows a LISTEN socket on `port`. */
export async function isListening(pid: number, port: number): Promise<boolean> {
  let table: string;
  try {
    table = await readFile(`/proc/${pid}/net/tcp`, 'utf8');
  } catch {
    return false;
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return table.split('\n').some((line) => {
    const cols = line.trim().split(/\s+/);
    return cols[1]?.endsWith(`:${hexPort}`) === true && cols[3] === TCP_LISTEN;
  });
}

/** Writes, checks (`haproxy -c`) and starts one proxy; resolves once it listens on every port. */
export async function startNetnsProxy(options: {
  component: string;
  netns: string;
  configPath: string;
  config: string;
  ports: number[];
  runner: CommandRunner;
  signal?: AbortSignal | undefined;
}): Promise<NetnsProxy> {
  await writeFile(options.configPath, options.config, { mode: 0o600 });
  const check = inNetns(options.netns, 'haproxy', ['-c', '-q', '-f', options.configPath]);
  await options.runner.run(check.command, check.args, { signal: options.signal, hint: `the generated ${options.configPath} was refused by haproxy` });
  const stderrTail: string[] = [];
  const run = inNetns(options.netns, 'haproxy', ['-db', '-f', options.configPath]);
  const child = spawnProcess(run.command, run.args, {
    signal: options.signal,
    onStderrLine: (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
    },
  });
  let exited = false;
  child.exited.then(
    () => {
      exited = true;
    },
    () => {
      exited = true;
    },
  );
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (options.signal?.aborted) throw interruptedError();
      if (exited) throw new HarnessError('NOT_READY', `${options.component} exited before listening`, { hint: `its config is ${options.configPath}`, details: [...stderrTail] });
      const ready = await Promise.all(options.ports.map((p) => isListening(child.pid, p)));
      if (ready.every(Boolean)) break;
      if (Date.now() > deadline) {
        throw new HarnessError('NOT_READY', `${options.component} did not listen on ${options.ports.join(', ')} within ${READY_TIMEOUT_MS} ms`, {
          hint: `its config is ${options.configPath}`,
          details: [...stderrTail],
        });
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  } catch (err) {
    await child.stop(1_000);
    throw err;
  }
  return { component: options.component, netns: options.netns, configPath: options.configPath, process: child };
}
