// Fills request.actor from the session cookie or the Authorization header, for every route.
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../../core/errors.js';
import { callerOfSession, callerOfToken, type CallerServices } from '../auth.js';

export const SESSION_COOKIE = 'og_session';

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: new Date(expiresAt) });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export const authPlugin = fp(async (app: FastifyInstance, opts: { services: CallerServices }) => {
  app.decorateRequest('pendingSessionId', null);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.platformAuth === false) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      // CKAN clients send the bare token without a scheme; both forms are accepted.
      const match = /^(?:Bearer\s+)?([^\s:]+)\s*$/i.exec(header);
      const found = match ? await callerOfToken(opts.services, match[1]!) : null;
      // A bad token is an error, never a silent fall-back to anonymous access.
      if (!found) throw new AppError('UNAUTHENTICATED', 'accounts.bad_token');
      request.actor = found.actor;
      request.viewer = { displayName: found.displayName };
      request.authVia = 'token';
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const found = await callerOfSession(opts.services, token);
    if (!found) {
      clearSessionCookie(reply);
      return;
    }
    if (found.mfaPending) {
      request.pendingSessionId = found.actor.sessionId ?? null;
      request.pendingUserId = found.actor.userId;
      return;
    }
    request.actor = found.actor;
    request.viewer = { displayName: found.displayName };
    request.authVia = 'session';
  });
});

declare module 'fastify' {
  interface FastifyRequest {
    /** A signed-in session that still owes its second factor. */
    pendingSessionId: string | null;
    pendingUserId?: string;
  }
}
