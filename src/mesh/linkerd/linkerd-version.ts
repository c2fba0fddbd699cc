/**
 * Parser of `linkerd version` ("Client version: edge-26.6.3" / "Server version: edge-26.6.3";
 * "unavailable" when the control plane cannot be reached). `--proxy` needs the viz extension,
 * which the harness does not install, so proxy versions are not read this way.
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
