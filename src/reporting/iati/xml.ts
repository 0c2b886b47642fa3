/** Characters XML 1.0 does not allow in a document, whatever the escaping. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these control characters are what it removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text or an attribute value as XML: escaped, and without the characters XML cannot carry. */
export function xmlText(value: string): string {
  return value.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

type Attributes = Readonly<Record<string, string | number | null | undefined>>;

/** An element: `<name a="…">children</name>`, or self-closed without children; null attributes left out. */
export function element(name: string, attributes: Attributes = {}, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${xmlText(String(value))}"`)
    .join('');
  const content = children.join('');
  return content ? `<${name}${attrs}>${content}</${name}>` : `<${name}${attrs}/>`;
}

/** A comment; `--` cannot appear in one (nor in `---`, so every hyphen before another is spaced). */
export function comment(text: string): string {
  return `<!-- ${xmlText(text).replace(/-(?=-)/g, '- ')} -->`;
}
