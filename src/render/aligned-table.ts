/**
 * Plain-text tables with aligned columns for the terminal: the one table renderer of the CLI's
 * text (compare, run summary, doctor). Widths count code points, so µ, − and ✓ line up; colour is
 * applied after padding so escape codes never shift a column. Pure.
 */

/** One cell: its text, and how to style it once padded. */
export interface TableCell {
  text: string;
  /** Wraps the padded text, e.g. in ANSI colour codes. */
  style?: ((padded: string) => string) | undefined;
}

export type Alignment = 'left' | 'right';

function widthOf(text: string): number {
  return [...text].length;
}

/** Renders rows (first row = header) to lines; trailing spaces are trimmed. */
export function renderAlignedTable(options: { rows: readonly (readonly TableCell[])[]; align: readonly Alignment[]; indent?: string }): string[] {
  const { rows, align } = options;
  const indent = options.indent ?? '';
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...rows.map((r) => widthOf(r[c]?.text ?? ''))));
  return rows.map((row) => {
    const cells = row.map((cell, c) => {
      const pad = ' '.repeat((widths[c] ?? 0) - widthOf(cell.text));
      const padded = align[c] === 'right' ? pad + cell.text : cell.text + pad;
      return cell.style ? cell.style(padded) : padded;
    });
    return `${indent}${cells.join('  ')}`.trimEnd();
  });
}

/** Renders rows of plain strings (first row = header); columns without an alignment are left-aligned. */
export function renderTextTable(options: { rows: readonly (readonly string[])[]; align?: readonly Alignment[]; indent?: string }): string[] {
  return renderAlignedTable({
    rows: options.rows.map((row) => row.map((text) => ({ text }))),
    align: options.align ?? [],
    indent: options.indent,
  });
}
