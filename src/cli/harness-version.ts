/** The meshbench version recorded in results (kept in step with package.json). */
export const HARNESS_VERSION = '0.1.0';
