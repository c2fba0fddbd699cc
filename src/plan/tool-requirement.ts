/**
 * An external tool a run needs: what the platforms and the mesh modules list, what the preflight
 * step and `bench doctor` check. One type for both, in the plan vocabulary that both can import.
 */

/** A tool the run or the doctor asks about. */
export interface ToolRequirement {
  tool: string;
  /** What it is needed for, e.g. `create kind clusters`. */
  why: string;
  /** Missing it fails the preflight (exit 3); optional tools are only reported. */
  required: boolean;
  /** Version the target pins, if any (mesh CLIs must match the mesh). */
  pinnedVersion?: string | undefined;
  /** Why that version is pinned (shown with a mismatch). */
  pinReason?: string | undefined;
  /** Oldest version that has what the run uses (older ones are reported, not blocking). */
  minimumVersion?: string | undefined;
}
