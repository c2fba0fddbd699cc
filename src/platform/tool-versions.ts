/**
 * Finding the external tools and their versions (`bench doctor`, the preflight step): each tool's
 * own version command, parsed. A tool that is not on PATH, or (docker) whose daemon does not
 * answer, is reported as missing with an install hint.
 */
import { HarnessError } from '../errors.ts';
import { type CommandRunner, INSTALL_HINTS } from '../exec/command-runner.ts';
import type { ToolRequirement } from '../plan/tool-requirement.ts';

/** How to ask a tool for its version and read the answer. */
interface VersionProbe {
  args: string[];
  parse(stdout: string, stderr: string): { version: string | null; problem?: string | undefined };
}

const SEMVER = /v?\d+\.\d+\.\d+[\w.+-]*/;

function firstMatch(text: string, re: RegExp = SEMVER): string | null {
  return re.exec(text)?.[0] ?? null;
}

const PROBES: Record<string, VersionProbe> = {
  // kind v0.30.0 go1.24.6 linux/amd64
  kind: { args: ['version'], parse: (out) => ({ version: firstMatch(out) }) },
  // Client and server; the server part is empty (and exit 1) when the daemon does not answer.
  docker: {
    args: ['version', '--format', '{{.Client.Version}}|{{.Server.Version}}'],
    parse: (out, err) => {
      const [client = '', server = ''] = out.trim().split('|');
      if (!client) return { version: null };
      if (!server) {
        const why = err.split('\n').find((l) => l.trim()) ?? 'no answer';
        return { version: client, problem: `the Docker daemon does not answer: ${why.trim()}` };
      }
      return { version: client === server ? client : `${client} (server ${server})` };
    },
  },
  // {"clientVersion":{"gitVersion":"v1.34.1",…},"kustomizeVersion":"v5.7.1"}
  kubectl: {
    args: ['version', '--client', '-o', 'json'],
    parse: (out) => {
      try {
        const info = JSON.parse(out) as { clientVersion?: { gitVersion?: string } };
        return { version: info.clientVersion?.gitVersion ?? null };
      } catch {
        return { version: firstMatch(out) };
      }
    },
  },
  // v3.19.0+g3d8990f
  helm: { args: ['version', '--short'], parse: (out) => ({ version: firstMatch(out) }) },
  // 1.28.0
  istioctl: { args: ['version', '--remote=false'], parse: (out) => ({ version: firstMatch(out) }) },
  // Client version: edge-26.6.3
  linkerd: { args: ['version', '--client', '--short'], parse: (out) => ({ version: firstMatch(out, /edge-\d+\.\d+\.\d+|stable-\d+\.\d+\.\d+|v?\d+\.\d+\.\d+/) }) },
  // cilium-cli: v0.18.7 compiled with go1.25.0 on linux/amd64
  cilium: { args: ['version', '--client'], parse: (out) => ({ version: firstMatch(out.split('\n')[0] ?? out) }) },
  // HAProxy version 2.8.5-1ubuntu3 2024/04/01 - https://haproxy.org/
  haproxy: { args: ['-v'], parse: (out) => ({ version: firstMatch(out, /\d+\.\d+\.\d+[\w.+-]*/) }) },
  // ip utility, iproute2-6.1.0, libbpf 1.1.2
  ip: { args: ['-V'], parse: (out) => ({ version: firstMatch(out, /iproute2-[\w.]+/)?.replace('iproute2-', '') ?? null }) },
  // OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)
  openssl: { args: ['version'], parse: (out) => ({ version: firstMatch(out, /\d+\.\d+\.\d+\w*/) }) },
};

/** Negative, zero or positive as dotted version a is older than, equal to or newer than b. */
function compareDotted(a: string, b: string): number {
  const parts = (v: string) => (/\d+(?:\.\d+)*/.exec(v)?.[0] ?? '0').split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** What was found about a tool. */
export interface ToolProbe extends ToolRequirement {
  found: boolean;
  version: string | null;
  /** Why a found tool is still unusable (docker daemon down), or a version mismatch. */
  problem: string | null;
  hint: string;
}

/** Install hint of a tool; kind and docker also point at the local platform. */
export function installHint(tool: string): string {
  return INSTALL_HINTS[tool] ?? `install ${tool} and make sure it is on PATH`;
}

/** Options of {@link probeTools}. */
export interface ProbeToolsOptions {
  runner: CommandRunner;
  env?: Record<string, string | undefined> | undefined;
  signal?: AbortSignal | undefined;
}

/** Runs each tool's version command (node is this process). */
export async function probeTools(requirements: readonly ToolRequirement[], options: ProbeToolsOptions): Promise<ToolProbe[]> {
  return Promise.all(
    requirements.map(async (req): Promise<ToolProbe> => {
      const hint = installHint(req.tool);
      if (req.tool === 'node') return { ...req, found: true, version: process.version, problem: null, hint };
      const probe: VersionProbe = PROBES[req.tool] ?? { args: ['--version'], parse: (out: string) => ({ version: firstMatch(out) }) };
      try {
        const r = await options.runner.run(req.tool, probe.args, { env: options.env, timeoutMs: 20_000, allowFailure: true, signal: options.signal });
        const { version, problem } = probe.parse(r.stdout, r.stderr);
        let found: string | null = problem ?? null;
        if (!found && req.pinnedVersion && version && !version.replace(/^v/, '').startsWith(req.pinnedVersion.replace(/^v/, ''))) {
          found = req.pinReason ? `${req.pinReason}; found ${version}` : `the target pins ${req.pinnedVersion}`;
        }
        if (!found && req.minimumVersion && version && compareDotted(version, req.minimumVersion) < 0) {
          found = `version ${req.minimumVersion} or newer is needed`;
        }
        if (!version && r.exitCode !== 0) found = `\`${req.tool} ${probe.args.join(' ')}\` exited ${r.exitCode}: ${(r.stderr || r.stdout).split('\n')[0] ?? ''}`;
        return { ...req, found: true, version, problem: found, hint };
      } catch (err) {
        if (err instanceof HarnessError && err.code === 'TOOL_NOT_FOUND') return { ...req, found: false, version: null, problem: null, hint };
        if (err instanceof HarnessError && err.code === 'INTERRUPTED') throw err;
        return { ...req, found: true, version: null, problem: (err as Error).message, hint };
      }
    }),
  );
}

/** True when the probe stops a run: a required tool missing or unusable (version mismatches only warn). */
export function isBlocking(probe: ToolProbe): boolean {
  return probe.required && (!probe.found || (probe.problem !== null && probe.version === null) || (probe.problem?.startsWith('the Docker daemon') ?? false));
}

/** What to do about a probe: install it, or for a found but unusable tool, fix that. */
export function remedy(probe: ToolProbe): string {
  if (probe.found && probe.tool === 'docker' && probe.problem?.startsWith('the Docker daemon')) {
    return 'start the Docker daemon (Docker Desktop, or `sudo systemctl start docker`), or use --platform local';
  }
  return probe.hint;
}

/** The TOOL_NOT_FOUND error for the blocking probes, or null when nothing blocks. */
export function missingToolsError(probes: readonly ToolProbe[], options: { platform: string }): HarnessError | null {
  const blocking = probes.filter(isBlocking);
  const first = blocking[0];
  if (!first) return null;
  const names = blocking.map((p) => p.tool).join(', ');
  const what = blocking.length === 1 ? `required tool "${first.tool}" ${first.found ? `is unusable: ${first.problem}` : 'was not found on PATH'}` : `required tools are missing or unusable: ${names}`;
  const hint = [...new Set(blocking.map(remedy))].join('; ');
  return new HarnessError('TOOL_NOT_FOUND', `${what} (needed for the ${options.platform} platform)`, {
    hint,
    details: blocking.map((p) => `${p.tool}: ${p.why}`),
  });
}

/** `tool version` pairs for the result file's environment. */
export function toolVersions(probes: readonly ToolProbe[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of probes) if (p.version) out[p.tool] = p.version;
  return out;
}
