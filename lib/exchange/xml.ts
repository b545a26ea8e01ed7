import { InvalidInputError } from "@/lib/errors";

// A small strict XML reader for annotation files: elements, attributes, text, comments, CDATA and the
// declaration. A DOCTYPE (entity expansion, external entities) is refused outright, as is anything
// malformed; the five predefined entities and numeric character references are decoded.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const malformed = (message: string, at: number) => new InvalidInputError(`Malformed XML: ${message} (at character ${at})`, [{ path: "file", message }]);

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(s: string, at: number): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (m, e: string) => {
    if (!m.endsWith(";")) throw malformed(`unterminated entity ${m}`, at);
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff) throw malformed(`bad character reference ${m}`, at);
      return String.fromCodePoint(code);
    }
    const v = ENTITIES[e];
    if (v === undefined) throw malformed(`unknown entity ${m}`, at);
    return v;
  });
}

const NAME = /^[A-Za-z_][\w.:-]*/;

/** Parses a document into its root element; `maxElements` bounds the work a hostile file can cause. */
export function parseXml(src: string, maxElements = 2_000_000): XmlElement {
  let i = 0;
  let count = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  if (src.charCodeAt(0) === 0xfeff) i = 1;
  while (i < src.length) {
    const lt = src.indexOf("<", i);
    const text = src.slice(i, lt < 0 ? src.length : lt);
    const top = stack.at(-1);
    if (top) top.text += decode(text, i);
    else if (text.trim()) throw malformed("text outside the root element", i);
    if (lt < 0) break;
    i = lt;
    if (src.startsWith("<?", i)) {
      const end = src.indexOf("?>", i);
      if (end < 0) throw malformed("unterminated processing instruction", i);
      i = end + 2;
    } else if (src.startsWith("<!--", i)) {
      const end = src.indexOf("-->", i);
      if (end < 0) throw malformed("unterminated comment", i);
      i = end + 3;
    } else if (src.startsWith("<![CDATA[", i)) {
      const end = src.indexOf("]]>", i);
      if (end < 0 || !top) throw malformed("CDATA outside an element or unterminated", i);
      top.text += src.slice(i + 9, end);
      i = end + 3;
    } else if (src.startsWith("<!", i)) {
      throw malformed("DOCTYPE and entity declarations are not accepted", i);
    } else if (src.startsWith("</", i)) {
      const m = NAME.exec(src.slice(i + 2, i + 202));
      const el = stack.pop();
      if (!m || !el || el.name !== m[0]) throw malformed(`unexpected closing tag </${m?.[0] ?? "?"}>`, i);
      const end = src.indexOf(">", i);
      if (end < 0 || src.slice(i + 2 + m[0].length, end).trim()) throw malformed(`bad closing tag </${m[0]}>`, i);
      i = end + 1;
    } else {
      const m = NAME.exec(src.slice(i + 1, i + 201));
      if (!m) throw malformed("bad element name", i);
      if (++count > maxElements) throw malformed(`more than ${maxElements} elements`, i);
      const el: XmlElement = { name: m[0], attrs: {}, children: [], text: "" };
      i += 1 + m[0].length;
      const attr = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')|\s*(\/?>)/y;
      for (;;) {
        attr.lastIndex = i;
        const a = attr.exec(src);
        if (!a) throw malformed(`bad attribute in <${el.name}>`, i);
        i = attr.lastIndex;
        if (a[5]) {
          if (stack.length === 0 && root) throw malformed("a second root element", i);
          const parent = stack.at(-1);
          if (parent) parent.children.push(el);
          else root = el;
          if (a[5] === ">") stack.push(el);
          break;
        }
        const key = a[1] as string;
        if (key in el.attrs) throw malformed(`duplicate attribute ${key}`, i);
        el.attrs[key] = decode(a[3] ?? a[4] ?? "", i);
      }
    }
  }
  if (stack.length) throw malformed(`<${stack.at(-1)?.name}> is not closed`, src.length);
  if (!root) throw malformed("no root element", 0);
  return root;
}

export const child = (el: XmlElement | undefined, name: string) => el?.children.find((c) => c.name === name);
export const childText = (el: XmlElement | undefined, name: string) => child(el, name)?.text.trim();

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&${({ "<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "apos" } as Record<string, string>)[c]};`);
}
