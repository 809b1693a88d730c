// What browsers and crawlers ask for at the root: /favicon.ico (the SVG icon the layout links) and
// /robots.txt (keeps crawlers out of accounts, administration, sign-in steps and search results).
import type { FastifyInstance } from 'fastify';

/** Paths no crawler should fetch: personal or staff pages, one-time links, endless result pages. */
export const crawlerDisallowed = ['/account', '/admin', '/signin', '/signup', '/signout', '/password', '/verify-email', '/oidc', '/search', '/api/v1/me', '/api/v1/tokens'];

export function robotsTxt(): string {
  return ['User-agent: *', ...crawlerDisallowed.map((path) => `Disallow: ${path}`), ''].join('\n');
}

export async function crawlerFiles(app: FastifyInstance): Promise<void> {
  app.get('/robots.txt', async (_request, reply) => reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(robotsTxt()));
  // Browsers that ignore the layout's <link rel="icon"> (and non-HTML responses) still ask for this.
  app.get('/favicon.ico', async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').redirect('/assets/favicon.svg', 301));
}
