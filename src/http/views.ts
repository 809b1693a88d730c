// Renders Preact pages into full HTML documents, with the request's locale, viewer and CSRF token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { makeTranslator, type PageContext } from '../web/context.js';
import type { NavItem } from '../manifest.js';
import type { Flash } from './types.js';

let navItems: NavItem[] = [];
export function setNavigation(items: NavItem[]): void {
  navItems = items;
}

export const FLASH_COOKIE = 'og_flash';

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  const url = new URL(request.url, 'http://local');
  url.searchParams.delete('lang');
  return {
    locale: request.locale,
    t: makeTranslator(request.locale),
    actor: request.actor,
    viewer: request.viewer,
    csrfToken: reply.generateCsrf(),
    path: url.pathname,
    query: url.searchParams,
    nav: navItems,
    flashes: request.flashes,
  };
}

export function sendPage(reply: FastifyReply, page: VNode<any>, status = 200): FastifyReply {
  if (reply.request.flashes.length > 0) reply.clearCookie(FLASH_COOKIE, { path: '/' });
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!DOCTYPE html>${renderToString(page)}`);
}

/** Reads flashes set by the previous response (a signed cookie) and lets this one set new ones. */
export function readFlashes(request: FastifyRequest): Flash[] {
  const raw = request.cookies[FLASH_COOKIE];
  if (!raw) return [];
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return [];
  try {
    const parsed = JSON.parse(unsigned.value) as Flash[];
    return Array.isArray(parsed) ? parsed.slice(0, 5) : [];
  } catch {
    return [];
  }
}

export function setFlash(reply: FastifyReply, flash: Flash): void {
  reply.setCookie(FLASH_COOKIE, JSON.stringify([flash]), { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 60 });
}

/** Post/redirect/get: a 303 to `to` with a flash message for the next page. */
export function redirectWithFlash(reply: FastifyReply, to: string, flash?: Flash): FastifyReply {
  if (flash) setFlash(reply, flash);
  return reply.redirect(to, 303);
}
