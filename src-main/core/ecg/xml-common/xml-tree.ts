/**
 * A thin, typed view over fast-xml-parser output: namespace prefixes removed, attributes as "@_name",
 * every value a string (no number guessing: "0012" must stay "0012"), entities limited to the XML five.
 */
import { XMLParser } from 'fast-xml-parser';
import { CoreError } from '../../errors';
import { rootElementName } from './decode-text';
import { liftLongTexts, restoreLiftedTexts } from './lift-text';

/** One parsed element: child elements by name, attributes as "@_name", text as "#text". */
export type XmlNode = { [key: string]: unknown };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Entities are decoded on access (textOf, attr): running the parser's entity pass over every large
  // base64 or digits text costs more than the parse itself.
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parses XML text whose root element must be `root`. The parser tolerates unclosed elements, so a file
 * cut short would otherwise read as a shorter ECG: the closing root tag is required first (TRUNCATED).
 */
export function parseXml(text: string, formatName: string, root: string): XmlNode {
  if (rootElementName(text.slice(0, 4096)) !== root) {
    throw new CoreError('NOT_AN_ECG', `The file is XML but not a ${formatName} (its root element is not ${root}).`);
  }
  const tail = text.slice(-4096).replace(/(\s|<!--[\s\S]*?-->)+$/, '');
  const closed = new RegExp(`(</([A-Za-z_][\\w.-]*:)?${root}\\s*>|<([A-Za-z_][\\w.-]*:)?${root}\\b[^<]*/>)$`);
  if (!closed.test(tail)) {
    throw new CoreError('TRUNCATED', `The ${formatName} file ends before its closing tag: it is truncated or damaged.`);
  }
  // Long text runs (waveform digits, base64) bypass the parser: its memory then stays bounded (lift-text.ts).
  const lifted = liftLongTexts(text, formatName);
  try {
    const tree: unknown = parser.parse(lifted.skeleton);
    if (tree === null || typeof tree !== 'object') throw new Error('empty');
    restoreLiftedTexts(tree, lifted);
    return tree as XmlNode;
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('CORRUPT', `The ${formatName} file's XML is malformed: it is damaged.`, error);
  }
}

function asNode(value: unknown): XmlNode | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as XmlNode;
  // An element holding only text parses as a bare string: wrap it so callers see one shape.
  return { '#text': String(value) };
}

/** All child elements called `name` (0, 1 or many), in file order. */
export function kids(node: XmlNode | undefined, name: string): XmlNode[] {
  if (node === undefined) return [];
  const value = node[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  const out: XmlNode[] = [];
  for (const v of list) {
    const n = asNode(v);
    if (n !== undefined) out.push(n);
  }
  return out;
}

/** The first child element called `name`. */
export function kid(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return kids(node, name)[0];
}

/** Follows a path of first children: path(root, 'a', 'b') is root/a[0]/b[0]. */
export function path(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  let cur = node;
  for (const n of names) cur = kid(cur, n);
  return cur;
}

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references; anything else stays literal. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body] ?? whole;
  });
}

/** The element's text, trimmed, entities decoded ('' when none). */
export function textOf(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  const t = node['#text'];
  return t === undefined ? '' : decodeEntities(String(t).trim());
}

/** An attribute value (entities decoded), or undefined. */
export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  return v === undefined ? undefined : decodeEntities(String(v));
}

/** Number from text, or undefined when not a finite number (e.g. "Failed", "Indeterminate", ""). */
export function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/** Depth-first search for every element called `name` below `node` (bounded depth). */
export function findAll(node: XmlNode | undefined, name: string, maxDepth = 40): XmlNode[] {
  const out: XmlNode[] = [];
  const visit = (n: XmlNode, depth: number): void => {
    if (depth > maxDepth) return;
    for (const key of Object.keys(n)) {
      if (key.startsWith('@_') || key === '#text') continue;
      for (const child of kids(n, key)) {
        if (key === name) out.push(child);
        visit(child, depth + 1);
      }
    }
  };
  if (node !== undefined) visit(node, 0);
  return out;
}
