// What citizens write is stored as plain text in a small markdown subset (paragraphs, lists,
// **bold**, [links](https://…)). HTML is never stored: tags are removed on the way in, so the text is
// also safe in the open-data downloads, and pages escape whatever is left when they render it.

const SCRIPT_LIKE = /<(script|style|iframe|object|embed|template|noscript)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;
const TAG = /<\/?[a-zA-Z!][^<>]*>/g;
// C0/C1 controls except tab and newline, and lone surrogates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Normalises line ends and Unicode (NFC), removes control characters and HTML, trims. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .normalize('NFC')
    .replace(SCRIPT_LIKE, '')
    .replace(TAG, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A one-line text (titles, names): whitespace runs collapse to one space. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ');
}

export type Inline = { kind: 'text'; text: string } | { kind: 'strong'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'break' };
export type Block = { kind: 'paragraph'; inlines: Inline[] } | { kind: 'list'; ordered: boolean; items: Inline[][] };

const INLINE = /\*\*([^*\n]+)\*\*|\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]{1,2000})\)|(https?:\/\/[^\s<>()]{1,2000})/g;

export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

function inlines(line: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of line.matchAll(INLINE)) {
    if (match.index! > last) out.push({ kind: 'text', text: line.slice(last, match.index) });
    if (match[1] !== undefined) out.push({ kind: 'strong', text: match[1] });
    else {
      const href = safeHref(match[3] ?? match[4]!);
      const text = match[2] ?? match[4]!;
      out.push(href ? { kind: 'link', text, href } : { kind: 'text', text: match[0] });
    }
    last = match.index! + match[0].length;
  }
  if (last < line.length) out.push({ kind: 'text', text: line.slice(last) });
  return out;
}

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,3}[.)、]\s*(.*)$/;

/** Parses the markdown subset into blocks; anything else is literal text. */
export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    const bullet = lines.every((l) => BULLET.test(l));
    const numbered = !bullet && lines.every((l) => NUMBERED.test(l));
    if (bullet || numbered) {
      blocks.push({ kind: 'list', ordered: numbered, items: lines.map((l) => inlines((bullet ? BULLET : NUMBERED).exec(l)![1])) });
      continue;
    }
    const parts: Inline[] = [];
    lines.forEach((line, i) => {
      if (i > 0) parts.push({ kind: 'break' });
      parts.push(...inlines(line));
    });
    blocks.push({ kind: 'paragraph', inlines: parts });
  }
  return blocks;
}
