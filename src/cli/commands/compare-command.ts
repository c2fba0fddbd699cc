/**
 * `bench compare`: the CI regression gate. Parses arguments, reads result files and the gate,
 * runs the pure comparison (compare/compare-results.ts), writes the requested outputs and maps
 * the outcome to the exit code: 0 pass, 10 regression, 6 invalid or inconclusive, 2 usage, 7 an
 * output file could not be written.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { compareResults } from '../../compare/compare-results.ts';
import { loadGate } from '../../compare/gate/gate-loader.ts';
import { DEFAULT_GATE_NAME } from '../../compare/gate/gate-source.ts';
import type { GateReport } from '../../compare/gate/gate-report.ts';
import { describeCheck } from '../../compare/gate/outcome-headline.ts';
import type { ResultSource } from '../../compare/gate/repetition-pool.ts';
import { renderAnnotations } from '../../compare/render/render-annotations.ts';
import { renderJson } from '../../compare/render/render-json.ts';
import { renderJunit } from '../../compare/render/render-junit.ts';
import { renderMarkdown } from '../../compare/render/render-markdown.ts';
import { renderTerminal } from '../../compare/render/render-terminal.ts';
import { describeFsError, HarnessError, usageError } from '../../errors.ts';
import { checkOutputPath, writeFailedError, writeFileAtomic } from '../../results/output-file.ts';
import { parseResultFile } from '../../results/result-file.ts';
import { type NoiseProfile, NoiseProfileSchema } from '../../compare/gate/noise-profile.ts';
import { type CliContext, writeLine } from '../cli-context.ts';
import { type JsonDestination, jsonDestination, jsonOption, type JsonFlag, writeJson } from './json-output.ts';

interface CompareFlags {
  head?: string[];
  vs?: string[];
  gate: string;
  baseArm?: string;
  headArm?: string;
  force?: boolean;
  markdown?: string | boolean;
  junit?: string;
  json?: JsonFlag;
  annotations?: boolean;
  extended?: boolean;
  noise?: string;
  color: boolean;
}

const EXAMPLES = `
Each side pools one or more result files (repetitions concatenated per level, matched by
target rate). A folder stands for the *.json files in it.

Examples:
  bench compare base.json head.json --gate gates.yaml
  bench compare base-1.json base-2.json --head head-1.json head-2.json
  bench compare results/base/ --vs results/head/ --junit gate.xml --markdown
  bench compare ab.json --head ab.json --base-arm 1.23.4 --head-arm 1.24.1

  bench compare base.json base-ext.json --head head.json head-ext.json --extended

A gate has two pre-declared looks. The first batch is tested at the first look's share of α
(gate file \`looks\`, default Pocock-type spending: 0.0062 of α 0.01). An inconclusive gate
(exit 6) may be extended once, and a regression confirmed once: measure a fresh batch of as
many repetitions and compare the first and the fresh batch together with --extended, which tests
at the rest of α, so both looks together keep the gate's α. There is no third look.

Exit codes: 0 pass, 10 regression, 6 invalid or inconclusive data, 2 usage or not comparable,
7 an output file could not be written.`;

function expand(arg: string, cwd: string): string[] {
  const abs = resolve(cwd, arg);
  if (existsSync(abs) && statSync(abs).isDirectory()) {
    const files = readdirSync(abs)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(arg, f));
    if (files.length === 0) throw usageError(`${arg} holds no .json result files`);
    return files;
  }
  return [arg];
}

function splitSides(baseArgs: string[], flags: CompareFlags): { base: string[]; head: string[] } {
  const head = [...(flags.head ?? []), ...(flags.vs ?? [])];
  if (head.length > 0) return { base: baseArgs, head };
  if (baseArgs.length === 2) return { base: [baseArgs[0] ?? ''], head: [baseArgs[1] ?? ''] };
  throw usageError(
    baseArgs.length < 2 ? 'compare needs a base and a head result' : `${baseArgs.length} files given: say which are the head with --head`,
    'bench compare base.json head.json, or bench compare base-1.json base-2.json --head head-1.json head-2.json',
  );
}

/** Reads a result file; messages show the path as the user gave it. */
function readSource(file: string, cwd: string): ResultSource {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    throw usageError(`cannot read result file ${file}: ${describeFsError(err)}`);
  }
  return { file, result: parseResultFile(file, text) };
}

function readSources(args: string[], cwd: string): ResultSource[] {
  return args.flatMap((arg) => expand(arg, cwd)).map((file) => readSource(file, cwd));
}

function writeOutputs(report: GateReport, flags: CompareFlags, json: JsonDestination | null, ctx: CliContext): void {
  const summaryFile = ctx.env['GITHUB_STEP_SUMMARY'];
  const jsonToStdout = json?.toStdout === true;
  const markdownToStdout = flags.markdown === true && !summaryFile;
  if (jsonToStdout && markdownToStdout) {
    throw usageError('--json and --markdown both want stdout', 'give one of them a file: --json gate.json');
  }
  const table = (stream: CliContext['stdout']) =>
    renderTerminal(report, { color: flags.color && stream.isTTY === true && ctx.env['NO_COLOR'] === undefined });
  if (json && jsonToStdout) writeJson(ctx, json, renderJson(report));
  else if (markdownToStdout) ctx.stdout.write(renderMarkdown(report));
  else ctx.stdout.write(table(ctx.stdout));
  if (jsonToStdout || markdownToStdout) ctx.stderr.write(table(ctx.stderr));

  if (json && !json.toStdout) writeJson(ctx, json, renderJson(report));
  if (typeof flags.markdown === 'string') {
    writeFileAtomic(resolve(ctx.cwd, flags.markdown), renderMarkdown(report), { what: 'Markdown gate report' });
    writeLine(ctx.stderr, `markdown: ${flags.markdown}`);
  } else if (flags.markdown === true && summaryFile) {
    try {
      appendFileSync(summaryFile, renderMarkdown(report));
    } catch (err) {
      throw writeFailedError({ path: summaryFile, what: 'GitHub step summary ($GITHUB_STEP_SUMMARY)', cause: err });
    }
    writeLine(ctx.stderr, 'markdown: appended to $GITHUB_STEP_SUMMARY');
  }
  if (flags.junit) {
    writeFileAtomic(resolve(ctx.cwd, flags.junit), renderJunit(report), { what: 'JUnit report' });
    writeLine(ctx.stderr, `junit: ${flags.junit}`);
  }
  // Workflow commands are read from stdout; after a --json/--markdown body they would corrupt it.
  if (flags.annotations) (jsonToStdout || markdownToStdout ? ctx.stderr : ctx.stdout).write(renderAnnotations(report));
}

function outcomeError(report: GateReport): HarnessError | null {
  const gating = report.levels.flatMap((l) => l.checks).filter((c) => c.gating);
  if (report.outcome === 'regression') {
    const failing = gating.filter((c) => c.verdict === 'regression');
    return new HarnessError('REGRESSION_FOUND', `regression: ${failing.map(describeCheck).join("; ")}`, {
      hint: 'the head is significantly worse than the base beyond the fail threshold; see the table above',
    });
  }
  if (report.outcome === 'invalid' || report.outcome === 'inconclusive') {
    let hint = 'too many invalid repetitions or missing data: fix the run (see invalid reasons) and measure again';
    if (report.outcome === 'inconclusive') {
      hint = report.gate.extended
        ? 'the one extension is spent: decide from the intervals above, or measure on a quieter machine or with longer windows'
        : 'run the pre-declared extension once: a fresh batch of as many repetitions, then compare the first and the fresh batch together with --extended (the second look\'s α)';
    }
    return new HarnessError('RUN_INVALID', `gate ${report.outcome}: ${report.headline.replace(/^[A-Z]+: /, '')}`, { hint });
  }
  return null;
}

function readNoiseProfile(file: string, cwd: string): NoiseProfile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (err) {
    throw usageError(`cannot read noise profile ${file}: ${(err as Error).message}`, 'make one with `bench calibrate <target> --out FILE`');
  }
  const parsed = NoiseProfileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw usageError(`${file}: not a noise profile: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, 'make one with `bench calibrate <target> --out FILE`');
  }
  return parsed.data;
}

/** Registers `bench compare <base...> [--head <files...>]` on the program. */
export function registerCompareCommand(program: Command, ctx: CliContext): void {
  program
    .command('compare')
    .description('gate a head result against a base result: per-repetition Mann-Whitney, Hodges-Lehmann shifts, Holm')
    .argument('<base...>', 'base result files or folders (with exactly two and no --head: base then head)')
    .option('--head <files...>', 'head result files or folders, pooled')
    .option('--vs <files...>', 'same as --head')
    .option('-g, --gate <file>', 'gate file, or the name of one in gates/', DEFAULT_GATE_NAME)
    .option('--base-arm <arm>', 'use only repetitions of this arm on the base side (interleaved A/B results)')
    .option('--head-arm <arm>', 'use only repetitions of this arm on the head side')
    .option('--force', 'compare even if scenario, platform, cluster shape or target differ (e.g. a mesh against the baseline)')
    .option('--markdown [file]', 'Markdown summary to FILE; without FILE appended to $GITHUB_STEP_SUMMARY if set, else printed')
    .option('--junit <file>', 'JUnit XML to FILE (testsuite per level, testcase per check)')
    .addOption(jsonOption('the gate report'))
    .option('--extended', 'second look: the files include the one fresh batch (extension or confirmation) with the first; tests at the rest of α')
    .option('--noise <profile>', 'noise profile from `bench calibrate`: state the smallest shift each primary check can detect')
    .option('--annotations', 'print GitHub Actions ::error/::warning lines for failing and inconclusive checks (at most 10 each)')
    .option('--no-color', 'no colours in the table (default: colour on a TTY unless NO_COLOR is set)')
    .addHelpText('after', EXAMPLES)
    .action(async (baseArgs: string[], flags: CompareFlags) => {
      const sides = splitSides(baseArgs, flags);
      // Before comparing: a bad output path fails fast with its reason.
      const json = jsonDestination({ flag: flags.json, cwd: ctx.cwd, what: 'JSON gate report', inputs: [...sides.base, ...sides.head] });
      const outputs = [
        { file: flags.markdown, what: 'Markdown gate report' },
        { file: flags.junit, what: 'JUnit report' },
      ];
      for (const o of outputs) if (typeof o.file === 'string') checkOutputPath({ path: resolve(ctx.cwd, o.file), what: o.what, overwrite: true });
      const loaded = await loadGate(flags.gate, ctx.cwd);
      const report = compareResults({
        base: { sources: readSources(sides.base, ctx.cwd), arm: flags.baseArm ?? null },
        head: { sources: readSources(sides.head, ctx.cwd), arm: flags.headArm ?? null },
        gate: { file: loaded.file, config: loaded.gate },
        force: flags.force,
        pooledLatency: json !== null,
        extended: flags.extended,
        noise: flags.noise ? readNoiseProfile(flags.noise, ctx.cwd) : undefined,
      });
      writeOutputs(report, flags, json, ctx);
      const error = outcomeError(report);
      if (error) throw error;
    });
}
