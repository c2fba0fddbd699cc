/**
 * Labels, names and paths shared by the workload manifests, the agent runner, the meter and the
 * diagnostics: one place, so a selector and the object it selects cannot drift apart.
 */

/** Node label that pins pods to the server or client worker (kind config `labels:`). */
export const NODE_ROLE_LABEL = 'meshbench.io/role';
/** Pod label: `server` for the order-service chain, `agent` for the load agents. */
export const TIER_LABEL = 'meshbench.io/tier';
/** Label carrying the run id on every object the run creates. */
export const RUN_LABEL = 'meshbench.io/run';
export const NAME_LABEL = 'app.kubernetes.io/name';
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** Container names (data-plane selection and kubelet metering go by container name). */
export const APP_CONTAINER = 'order-service';
export const AGENT_CONTAINER = 'agent';

/** Port every order-service listens on and its Service exposes. */
export { SERVICE_PORT } from './service-chain.ts';

/** Where the script ConfigMaps are mounted in the pods. */
export const SCRIPTS_MOUNT_PATH = '/opt/meshbench';

/** A label value from arbitrary text: ≤ 63 chars of [A-Za-z0-9._-], alphanumeric at both ends. */
export function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** Labels every object of a run carries. */
export function runLabels(runId: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: 'meshbench', [PART_OF_LABEL]: 'meshbench', [RUN_LABEL]: labelValue(runId) };
}
