/**
 * Parser of `linkerd version` (linkerd/linkerd2 cli/cmd/version.go): `Client version: <v>` and
 * `Server version: <v>`, the latter `unavailable` when the control plane cannot be read (`--short`
 * prints the bare values; `--proxy` adds `Proxy versions:` and tab-indented `<v> (<n> pods)`
 * lines, which the harness does not need).
 */

export interface LinkerdVersions {
  client: string | null;
  server: string | null;
}

/** Parses both lines; a missing or `unavailable` value is null. */
export function parseLinkerdVersion(output: string): LinkerdVersions {
  const value = (label: string): string | null => {
    const match = new RegExp(`^${label} version:\\s*(\\S+)`, 'm').exec(output);
    return match?.[1] && match[1] !== 'unavailable' ? match[1] : null;
  };
  return { client: value('Client'), server: value('Server') };
}
