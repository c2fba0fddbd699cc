/**
 * Parser of `cilium version` (cilium-cli): `cilium-cli: v0.18.7 compiled with …`, then
 * `cilium image (default|stable|running): …`; `running` is the version of the agents in the
 * cluster, or `unknown. Unable to obtain cilium version…` when none run.
 */

export interface CiliumVersions {
  cli: string | null;
  running: string | null;
}

/** Parses the CLI and running versions (a leading `v` is dropped from the running one). */
export function parseCiliumVersion(output: string): CiliumVersions {
  const cli = /^cilium-cli:\s*(v\S+)/m.exec(output)?.[1] ?? null;
  const running = /^cilium image \(running\):\s*(\S+)/m.exec(output)?.[1] ?? null;
  const clean = running && /^v?\d+\.\d+\.\d+/.test(running) ? running.replace(/^v/, '') : null;
  return { cli, running: clean };
}
