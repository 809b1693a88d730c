// The one Markdown renderer for what people write (proposals, comments, conversation descriptions).
// markdown-it parses with HTML off; its tokens become Preact elements, so every piece of text is escaped
// by Preact and no string of HTML is ever inserted into a page. Links go only to http, https and mailto
// addresses or to paths on this site, and carry rel="nofollow ugc noopener noreferrer". Images are not
// rendered (a remote image in a comment would tell a third party who read it).
import MarkdownIt, { type Token } from 'markdown-it';
import { h, type ComponentChildren, type VNode } from 'preact';

export const USER_LINK_REL = 'nofollow ugc noopener noreferrer';

const SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** The address if a link to it may be shown: http, https or mailto, or a path on this site; otherwise null. */
export function safeLinkHref(url: string): string | null {
  const trimmed = url.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
    try {
      const parsed = new URL(trimmed);
      return SCHEMES.has(parsed.protocol) ? parsed.toString() : null;
    } catch {
      return null;
    }
  }
  // A path on this site (not "//host", which would leave it, nor "\" which browsers read as "/").
  return /^\/(?![/\\])|^[#?]/.test(trimmed) && !/[\\\s]/.test(trimmed) ? trimmed : null;
}

const parser = new MarkdownIt('default', { html: false, linkify: true, breaks: true, typographer: false });
parser.disable(['image']);
parser.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
parser.validateLink = (url) => safeLinkHref(url) !== null;

const VOID = new Set(['br', 'hr']);

interface Frame {
  tag: string;
  attrs: Record<string, string>;
  children: ComponentChildren[];
}

function attributesOf(token: Token, headingShift: number): { tag: string; attrs: Record<string, string> } {
  let tag = token.tag;
  const attrs: Record<string, string> = {};
  if (/^h[1-6]$/.test(tag)) tag = `h${Math.min(6, Number(tag[1]) + headingShift)}`;
  if (tag === 'ul' || tag === 'ol') {
    attrs.class = 'usa-list';
    const start = token.attrGet('start');
    if (tag === 'ol' && start) attrs.start = String(start);
  }
  if (tag === 'a') {
    const href = safeLinkHref(String(token.attrGet('href') ?? ''));
    if (href) {
      attrs.href = href;
      attrs.rel = USER_LINK_REL;
      attrs.class = /^https?:/.test(href) ? 'usa-link usa-link--external' : 'usa-link';
    }
  }
  return { tag, attrs };
}

function toElements(tokens: Token[], headingShift: number): ComponentChildren[] {
  const root: Frame = { tag: '', attrs: {}, children: [] };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1]!;
  for (const token of tokens) {
    if (token.hidden && token.nesting !== 0) continue; // the paragraphs of a tight list
    if (token.nesting === 1) {
      const { tag, attrs } = attributesOf(token, headingShift);
      stack.push({ tag, attrs, children: [] });
    } else if (token.nesting === -1) {
      const frame = stack.pop()!;
      // A link whose address was refused keeps its text, without the link.
      const element = frame.tag === 'a' && !frame.attrs.href ? frame.children : h(frame.tag, frame.attrs, ...frame.children);
      top().children.push(element);
    } else if (token.type === 'inline') {
      top().children.push(...toElements(token.children ?? [], headingShift));
    } else if (token.type === 'text') {
      top().children.push(token.content);
    } else if (token.type === 'code_inline') {
      top().children.push(h('code', null, token.content));
    } else if (token.type === 'softbreak' || token.type === 'hardbreak') {
      top().children.push(h('br', null));
    } else if (token.type === 'fence' || token.type === 'code_block') {
      top().children.push(h('pre', null, h('code', null, token.content)));
    } else if (VOID.has(token.tag)) {
      top().children.push(h(token.tag, null));
    } else if (token.content) {
      top().children.push(token.content);
    }
  }
  return root.children;
}

export interface MarkdownProps {
  source: string;
  /** The wrapping element's class. */
  class?: string;
  /** The heading level a "#" heading becomes, so user headings sit below the page's own (default 3). */
  headingLevel?: number;
}

/** User text rendered as Markdown; nothing when there is no text. */
export function Markdown({ source, class: className = 'og-markdown', headingLevel = 3 }: MarkdownProps): VNode | null {
  if (!source.trim()) return null;
  const children = toElements(parser.parse(source, {}), Math.max(0, Math.min(5, headingLevel - 1)));
  return <div class={className}>{children}</div>;
}
