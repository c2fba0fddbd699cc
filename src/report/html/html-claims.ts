/**
 * The "Published claims" section (claims-check.ts): each published figure with its source and
 * conditions, the value measured here beside it, and whether the two can be compared. Claims are
 * shown as claims: their own column, their own source, never in a measurement table. Pure.
 */
import type { ClaimCheck, ClaimVerdict } from '../claims-check.ts';
import { CLAIM_TOLERANCE, claimUnit } from '../claims-check.ts';
import { formatNumber, formatRps } from '../report-format.ts';
import { escapeMarkup } from '../svg/svg-markup.ts';
import { badge, renderTable } from './html-table.ts';

const VERDICT_BADGE: Record<ClaimVerdict, 'ok' | 'warn' | 'bad'> = {
  reproduced: 'ok',
  'not reproduced': 'bad',
  'not comparable': 'warn',
  'nothing measured': 'warn',
};

function claimedValue(check: ClaimCheck): string {
  const v = check.claim.value;
  const value = typeof v === 'number' ? formatNumber(v) : `${formatNumber(v.min)}–${formatNumber(v.max)}`;
  return `${value} ${claimUnit(check.claim.metric)}`;
}

/** The table of every claim. */
export function claimsTable(checks: readonly ClaimCheck[]): string {
  return renderTable({
    className: 'claims',
    caption: 'Published claims beside this report’s measurements (claims are not measurements)',
    columns: [
      { header: 'claim', hint: 'mesh, mode and release the claim is about' },
      { header: 'published value' },
      { header: 'published under' },
      { header: 'source' },
      { header: 'measured here', numeric: true, hint: 'the value measured by the inputs, in the claim’s unit' },
      { header: 'verdict', hint: `reproduced only when every published condition matches; a single value within ±${Math.round(CLAIM_TOLERANCE * 100)} %, a range when inside it` },
      { header: 'why not comparable' },
    ],
    rows: checks.map((check) => {
      const { claim } = check;
      const c = claim.conditions;
      const conditions = [
        c.rps === undefined ? null : formatRps(c.rps),
        c.payloadBytes === undefined ? null : `${c.payloadBytes} B`,
        c.connections === undefined ? null : `${c.connections} connections`,
        c.mtls === undefined ? null : c.mtls ? 'mTLS' : 'no mTLS',
        c.proxyWorkers === undefined ? null : `${c.proxyWorkers} proxy workers`,
        c.environment,
      ].filter((x): x is string => x !== null);
      const source = `${escapeMarkup(claim.source.title)} <small>(${escapeMarkup(claim.source.kind)})</small>${claim.source.url ? `<br><code>${escapeMarkup(claim.source.url)}</code>` : ''}`;
      const measured =
        check.measured === null
          ? '–'
          : `${formatNumber(check.measured)}${check.seriesLabel ? ` (${check.seriesLabel}${check.targetRps === null ? '' : `, ${formatRps(check.targetRps)}`})` : ''}`;
      return [
        { html: `<strong>${escapeMarkup(`${claim.mesh} ${claim.mode}`)}</strong> ${escapeMarkup(claim.version)}` },
        claimedValue(check),
        conditions.join('; '),
        { html: source },
        measured,
        badge(check.verdict, VERDICT_BADGE[check.verdict]),
        check.differences.join('; '),
      ];
    }),
  });
}
