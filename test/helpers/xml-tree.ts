/**
 * A strict little XML parser for tests: throws on anything not well-formed (unbalanced tags,
 * unquoted or duplicate attributes, raw `<` or `&` in text, several roots) and returns the tree.
 * Enough to check JUnit output without an XML dependency.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

function decode(text: string, where: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '<') throw new Error(`raw "<" in ${where}`);
    if (ch === '&') {
      const m = ENTITY.exec(text.slice(i));
      if (!m) throw new Error(`bad entity in ${where}: ${text.slice(i, i + 10)}`);
      const e = m[1] ?? '';
      out += e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(Number(e.startsWith('#x') ? `0x${e.slice(2)}` : e.slice(1)));
      i += m[0].length - 1;
    } else {
      out += ch;
    }
  }
  return out;
}

export function parseXml(xml: string): XmlElement {
  let pos = 0;
  const rest = () => xml.slice(pos);
  if (rest().startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    pos = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (pos < xml.length) {
    const next = xml.indexOf('<', pos);
    const text = next < 0 ? xml.slice(pos) : xml.slice(pos, next);
    const top = stack[stack.length - 1];
    if (top) top.text += decode(text, `<${top.name}>`);
    else if (text.trim() !== '') throw new Error(`text outside the root: ${text.slice(0, 20)}`);
    if (next < 0) break;
    pos = next;
    if (rest().startsWith('</')) {
      const m = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(rest());
      const open = stack.pop();
      if (!m || !open || open.name !== m[1]) throw new Error(`mismatched closing tag at ${pos}: ${rest().slice(0, 30)}`);
      pos += m[0].length;
      continue;
    }
    pos++;
    const name = NAME.exec(rest())?.[0];
    if (!name) throw new Error(`bad tag name at ${pos}`);
    pos += name.length;
    const element: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const ws = /^\s*/.exec(rest())?.[0] ?? '';
      pos += ws.length;
      if (rest().startsWith('/>') || rest().startsWith('>')) break;
      if (ws.length === 0) throw new Error(`attributes must be separated by spaces in <${name}>`);
      const attr = /^([A-Za-z_][\w.:-]*)="([^"]*)"/.exec(rest());
      if (!attr) throw new Error(`bad attribute in <${name}>: ${rest().slice(0, 30)}`);
      const key = attr[1] ?? '';
      if (key in element.attributes) throw new Error(`duplicate attribute ${key} in <${name}>`);
      element.attributes[key] = decode(attr[2] ?? '', `attribute ${key}`);
      pos += attr[0].length;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (rest().startsWith('/>')) pos += 2;
    else {
      pos += 1;
      stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every descendant element with this name. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}
