/**
 * Every check of the gate at each of its levels, drafted (check-draft.ts); a metric gated twice at
 * one level is a configuration error, found once the measured levels are known. Pure.
 */
import { HarnessError } from '../../errors.ts';
import { resolveCheckLevels } from './check-levels.ts';
import { type Draft, type DraftContext, draftCheck } from './check-draft.ts';
import { formatRps } from './metric-format.ts';

/** Options of {@link draftChecks}. */
export interface DraftChecksOptions {
  ctx: DraftContext;
  /** Target rates measured on either side, ascending. */
  measuredRps: readonly number[];
  /** The gate file, named in errors. */
  gateFile: string;
}

/** The drafts, and the notes: unmeasured listed levels, then checks not applicable, then screened windows. */
export function draftChecks(options: DraftChecksOptions): { drafts: Draft[]; notes: string[] } {
  const { ctx } = options;
  const drafts: Draft[] = [];
  const notes: string[] = [];
  const gated = new Map<string, string>();
  for (const check of ctx.gate.checks) {
    const { levels, note } = resolveCheckLevels(check, options.measuredRps);
    if (note) notes.push(note);
    for (const rps of levels) {
      const key = `${check.metric}@${rps}`;
      const earlier = gated.get(key);
      if (earlier) {
        throw new HarnessError('CONFIG_INVALID', `${options.gateFile}: checks "${earlier}" and "${check.id}" both gate ${check.metric} at ${formatRps(rps)}`, {
          hint: 'give each metric and level to one check (e.g. list the other levels explicitly instead of top)',
        });
      }
      gated.set(key, check.id);
      const draft = draftCheck(ctx, check, rps);
      if (draft) drafts.push(draft);
    }
  }
  notes.push(...ctx.notApplicable.values(), ...(ctx.screened?.values() ?? []));
  return { drafts, notes };
}
