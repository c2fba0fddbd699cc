/**
 * Escaping and coordinate formatting for hand-written SVG/HTML markup. Every string that comes
 * from a result file (target names, reasons, evidence) goes through `escapeMarkup`.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in element content and double- or single-quoted attributes (HTML and XML). */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A pixel coordinate with at most one decimal (keeps SVG small and diffs stable). */
export function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Characters allowed in ids and data attributes we generate. */
export function safeId(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '-');
}
