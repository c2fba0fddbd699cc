/**
 * The name the CLI was invoked as. package.json installs one program under two names, `bench`
 * and `meshbench` (both run bin/bench.js); usage, help and error messages say the name the user
 * typed.
 */
import { basename } from 'node:path';

export type ProgramName = 'bench' | 'meshbench';

/**
 * From the script path node was started with (`process.argv[1]`): npm links each bin name to
 * bin/bench.js, so the path ends in the name typed (`…/.bin/meshbench`). Anything else is `bench`.
 */
export function programNameOf(scriptPath: string | undefined): ProgramName {
  return scriptPath !== undefined && /^meshbench(\.[cm]?js)?$/.test(basename(scriptPath)) ? 'meshbench' : 'bench';
}

/**
 * Help, usage and error text, written with `bench` (`bench compare base.json head.json`,
 * "run `bench --help`"), as the program invoked as `name` says it. Only the word `bench` followed
 * by an argument is renamed: not `meshbench`, `benchmark`, `bench:cli` or a path.
 */
export function renameProgram(text: string, name: ProgramName): string {
  return name === 'bench' ? text : text.replace(/(?<=^|[\s`'"(])bench(?= +[-a-z<[])/gm, name);
}
