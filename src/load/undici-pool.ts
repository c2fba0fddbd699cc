/**
 * undici's connection Pool, imported from its own module: importing the package root pulls in
 * fetch, WebSocket, caches and more (≈0.5 MB), and the agent bundle must fit a ConfigMap (1 MiB).
 * Types come from the package root; the class is the same object.
 */
import type { Pool as UndiciPool } from 'undici';
// @ts-expect-error -- undici ships no declaration for this module path; typed just below.
import PoolImplementation from 'undici/lib/dispatcher/pool.js';

export const Pool = PoolImplementation as typeof UndiciPool;
export type Pool = UndiciPool;
