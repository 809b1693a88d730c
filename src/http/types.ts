import type { Actor } from '../core/actor.js';
import type { Locale } from '../core/i18n/index.js';
import type { FieldError } from '../core/errors.js';

export interface Flash {
  kind: 'success' | 'info' | 'warning' | 'error';
  /** i18n key */
  message: string;
  params?: Record<string, string | number>;
}

export interface Viewer {
  displayName: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    viewer: Viewer | null;
    locale: Locale;
    /** How the actor authenticated on this request. */
    authVia: 'session' | 'token' | null;
    flashes: Flash[];
  }
  interface FastifyReply {
    flash(flash: Flash): void;
  }
  interface FastifyContextConfig {
    /**
     * false on routes that authenticate their callers themselves (the OpenID Connect protocol
     * endpoints read client credentials and their own access tokens from Authorization): the
     * platform's session and API-token authentication leaves such a request alone.
     */
    platformAuth?: false;
    /**
     * For a form POST: the page to come back to (the form itself) when the caller must first sign
     * in (UNAUTHENTICATED: an expired session) or step up (STEP_UP_REQUIRED), so the sign-in or the
     * step-up sign-in returns the person there. Without it a refused POST shows an error page (for
     * a level, one that links to the step-up sign-in).
     */
    returnTo?: (request: FastifyRequest) => string;
  }
}

export type { FieldError };
