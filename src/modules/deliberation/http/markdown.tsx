// A small, safe Markdown subset rendered to Preact elements (so every piece of text is escaped by
// the renderer; no HTML from the source ever reaches the page): paragraphs, line breaks, bulleted
// and numbered lists, **bold**, *italic*, `code`, [links](https://...) and bare http(s) links.
// Links get rel="nofollow ugc"; only http, https and mailto addresses become links.
import type { ComponentChildren, VNode } from 'preact';

const LINK_REL = 'nofollow ugc noopener noreferrer';

export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.toString() : null;
  } catch {
    return null;
  }
}

// One alternation, tried left to right at each position: code, link, bold, italic, bare URL.
const INLINE = /`([^`\n]+)`|\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*\n]+?)\*\*|__([^_\n]+?)__|\*([^*\n]+?)\*|(?<![\p{L}\p{N}])_([^_\n]+?)_(?![\p{L}\p{N}])|(https?:\/\/[^\s<>()\u3000-\u303f\uff01-\uff0f]+[^\s<>().,;:!?'"\u3000-\u303f\uff01-\uff0f])/gu;

export function renderInline(text: string, depth = 0): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    last = at + m[0].length;
    const [, code, linkText, linkUrl, bold1, bold2, italic1, italic2, bare] = m;
    if (code !== undefined) out.push(<code>{code}</code>);
    else if (linkText !== undefined) {
      const href = safeHref(linkUrl!);
      const inner = depth < 3 ? renderInline(linkText, depth + 1) : [linkText];
      out.push(href ? <a href={href} rel={LINK_REL}>{inner}</a> : <>{inner}</>);
    } else if (bold1 !== undefined || bold2 !== undefined) out.push(<strong>{depth < 3 ? renderInline((bold1 ?? bold2)!, depth + 1) : bold1 ?? bold2}</strong>);
    else if (italic1 !== undefined || italic2 !== undefined) out.push(<em>{depth < 3 ? renderInline((italic1 ?? italic2)!, depth + 1) : italic1 ?? italic2}</em>);
    else if (bare !== undefined) {
      const href = safeHref(bare);
      out.push(href ? <a href={href} rel={LINK_REL}>{bare}</a> : bare);
    }
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function withBreaks(lines: string[]): ComponentChildren[] {
  return lines.flatMap((line, i) => (i === 0 ? renderInline(line) : [<br />, ...renderInline(line)]));
}

type Block = { kind: 'p'; lines: string[] } | { kind: 'ul' | 'ol'; items: string[][] };

const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      current = null;
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : null;
    if (kind) {
      if (!current || current.kind !== kind) {
        current = { kind, items: [] };
        blocks.push(current);
      }
      current.items.push([(bullet ?? numbered)![1]!]);
      continue;
    }
    const heading = HEADING.exec(line);
    const text = heading ? `**${heading[1]}**` : line.trim();
    if (current && current.kind !== 'p' && /^\s/.test(raw)) {
      current.items[current.items.length - 1]!.push(text);
      continue;
    }
    if (!current || current.kind !== 'p' || heading) {
      current = { kind: 'p', lines: [] };
      blocks.push(current);
    }
    current.lines.push(text);
    if (heading) current = null;
  }
  return blocks;
}

export function Markdown({ source, class: className }: { source: string; class?: string }): VNode | null {
  const blocks = parseBlocks(source);
  if (blocks.length === 0) return null;
  return (
    <div class={className ?? 'og-markdown'}>
      {blocks.map((b) =>
        b.kind === 'p' ? (
          <p>{withBreaks(b.lines)}</p>
        ) : b.kind === 'ul' ? (
          <ul class="usa-list">{b.items.map((lines) => <li>{withBreaks(lines)}</li>)}</ul>
        ) : (
          <ol class="usa-list">{b.items.map((lines) => <li>{withBreaks(lines)}</li>)}</ol>
        ),
      )}
    </div>
  );
}
