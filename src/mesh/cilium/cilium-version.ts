/**
 * Parser of `cilium version` (cilium/cilium cilium-cli/cli/version.go): `cilium-cli: v0.18.7
 * compiled with …`, `cilium image (default|stable): …`, then (without `--client`) `cilium image
 * (running): <v>` — the Helm release's version, e.g. `1.18.1` (older CLIs print the image tag
 * `v1.18.1`) — or `unknown. Unable to obtain cilium version. Reason: …` when none runs.
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
