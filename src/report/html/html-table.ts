/**
 * A small HTML table writer: header cells with scope, numeric columns right-aligned with tabular
 * figures, and every plain-text cell escaped. Trusted markup is passed as `{ html }`.
 */
import { escapeMarkup } from '../svg/svg-markup.ts';

/** Plain text (escaped) or trusted markup. */
export type TableCell = string | { html: string };

export interface TableColumn {
  header: string;
  /** Right-align (numbers). */
  numeric?: boolean;
  /** Hover text on the header, e.g. how the value was computed. */
  hint?: string;
}

export interface TableSpec {
  columns: TableColumn[];
  rows: TableCell[][];
  /** Visible caption (also the table's accessible name). */
  caption?: string;
  className?: string;
}

function cellHtml(cell: TableCell | undefined): string {
  if (cell === undefined) return '';
  return typeof cell === 'string' ? escapeMarkup(cell) : cell.html;
}

/** Renders the table; an empty table gets a single "none" row. */
export function renderTable(spec: TableSpec): string {
  const head = spec.columns
    .map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}${c.hint ? ` title="${escapeMarkup(c.hint)}"` : ''}>${escapeMarkup(c.header)}</th>`)
    .join('');
  const body = spec.rows.length
    ? spec.rows
        .map((row) => `<tr>${spec.columns.map((c, i) => `<td${c.numeric ? ' class="num"' : ''}>${cellHtml(row[i])}</td>`).join('')}</tr>`)
        .join('\n')
    : `<tr><td colspan="${spec.columns.length}" class="none">none</td></tr>`;
  return [
    `<div class="table-wrap"><table${spec.className ? ` class="${escapeMarkup(spec.className)}"` : ''}>`,
    spec.caption ? `<caption>${escapeMarkup(spec.caption)}</caption>` : '',
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody></table></div>`,
  ].join('');
}

/** A text badge (never colour alone): kind `ok`, `warn` or `bad`. */
export function badge(text: string, kind: 'ok' | 'warn' | 'bad'): { html: string } {
  return { html: `<span class="badge ${kind}">${escapeMarkup(text)}</span>` };
}
