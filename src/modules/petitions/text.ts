// What citizens write is stored as written (see core/text.ts) in a small markdown subset (paragraphs,
// lists, **bold**, [links](https://…)); pages escape it when they render it.

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
