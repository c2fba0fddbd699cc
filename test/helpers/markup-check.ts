/**
 * A small well-formedness check for generated SVG (XML): balanced tags, quoted attributes, known
 * entities only, no NaN/Infinity leaking into coordinates. Returns the problems found.
 */

const KNOWN_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tagPattern = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<[^>]*>/g;
  let lastIndex = 0;
  for (const match of xml.matchAll(tagPattern)) {
    const text = xml.slice(lastIndex, match.index);
    lastIndex = (match.index ?? 0) + match[0].length;
    problems.push(...textProblems(text));
    const [whole, closing, name, , selfClosing] = match;
    if (name === undefined) {
      problems.push(`malformed tag: ${whole.slice(0, 80)}`);
      continue;
    }
    problems.push(...textProblems(match[3] ?? ''));
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (!selfClosing) {
      stack.push(name);
    }
  }
  problems.push(...textProblems(xml.slice(lastIndex)));
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (/NaN|Infinity|undefined/.test(xml)) problems.push('NaN, Infinity or undefined in the markup');
  return problems;
}

function textProblems(text: string): string[] {
  const problems: string[] = [];
  if (text.includes('<') || text.includes('>')) problems.push(`unescaped angle bracket in: ${text.slice(0, 60)}`);
  for (const m of text.matchAll(/&([^;\s]*);?/g)) {
    const entity = m[1] ?? '';
    if (!m[0].endsWith(';') || !(KNOWN_ENTITIES.has(entity) || /^#\d+$/.test(entity) || /^#x[0-9a-f]+$/i.test(entity))) {
      problems.push(`bad entity ${m[0]}`);
    }
  }
  return problems;
}
