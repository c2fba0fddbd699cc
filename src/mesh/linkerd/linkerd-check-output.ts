/**
 * Parser of `linkerd check` table output (linkerd/linkerd2 pkg/healthcheck/healthcheck_output.go):
 * a `<category>` line underlined with dashes, then one `<status> <description>` line per check —
 * `√` (U+221A) passed, `‼` (U+203C) warning, `×` (U+00D7) failed — where warnings and failures
 * add 4-space-indented detail and `see <hint URL> for hints` lines; the run closes with
 * `Status check results are √|×` (printed once per check run, so extensions may add more). The
 * marks are coloured through fatih/color only on a terminal; escape codes are stripped anyway.
 */

export interface LinkerdCheckLine {
  status: 'ok' | 'warning' | 'failed';
  text: string;
}

const MARKS: Record<string, LinkerdCheckLine['status']> = { '√': 'ok', '‼': 'warning', '×': 'failed' };

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC of SGR sequences is the point
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Result lines of the output, in order. */
export function parseLinkerdCheck(output: string): LinkerdCheckLine[] {
  const lines: LinkerdCheckLine[] = [];
  for (const raw of stripAnsi(output).split('\n')) {
    const line = raw.trim();
    const status = MARKS[line.charAt(0)];
    if (status) lines.push({ status, text: line.slice(1).trim() });
  }
  return lines;
}

/** True when no check failed and every closing `Status check results are …` line says √. */
export function linkerdCheckPassed(output: string): boolean {
  const plain = stripAnsi(output);
  const lines = parseLinkerdCheck(plain);
  const verdicts = [...plain.matchAll(/^Status check results are (\S+)/gm)].map((m) => m[1]);
  return lines.length > 0 && !lines.some((l) => l.status === 'failed') && verdicts.length > 0 && verdicts.every((v) => v === '√');
}
