/**
 * Parser of `linkerd check` output: one line per check, `√` passed, `‼` warning, `×` failed
 * (failures are followed by indented detail lines), and a closing "Status check results are √".
 */

export interface LinkerdCheckLine {
  status: 'ok' | 'warning' | 'failed';
  text: string;
}

const MARKS: Record<string, LinkerdCheckLine['status']> = { '√': 'ok', '‼': 'warning', '×': 'failed' };

/** Result lines of the output, in order. */
export function parseLinkerdCheck(output: string): LinkerdCheckLine[] {
  const lines: LinkerdCheckLine[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    const status = MARKS[line.charAt(0)];
    if (status) lines.push({ status, text: line.slice(1).trim() });
  }
  return lines;
}

/** True when the output reports no failed check and its closing line says √. */
export function linkerdCheckPassed(output: string): boolean {
  const lines = parseLinkerdCheck(output);
  return lines.length > 0 && !lines.some((l) => l.status === 'failed') && /Status check results are √/.test(output);
}
