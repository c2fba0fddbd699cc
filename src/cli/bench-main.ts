/**
 * The `bench` (also `meshbench`) process. bin/bench.js runs its compiled form from dist/;
 * `npm run bench -- <args>` and the tests that start a real process run this file with tsx.
 */
import { main } from './main.ts';

await main();
