// Body parsers that refuse what they cannot read faithfully: invalid UTF-8 is an error (never a
// silent U+FFFD), JSON uses prototype-poisoning-safe parsing, forms keep repeated fields as arrays.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../core/errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(body: Buffer): string {
  try {
    return strictUtf8.decode(body);
  } catch {
    throw new AppError('INVALID', 'error.invalid_utf8');
  }
}

export function parseForm(text: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[key] = [existing, value];
  }
  return { ...result };
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json$/, { parseAs: 'buffer' }, (_req: FastifyRequest, body: Buffer, done) => {
    try {
      const text = decodeUtf8(body);
      if (text.trim() === '') return done(null, undefined);
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(error instanceof AppError ? error : new AppError('INVALID', 'error.malformed_json'), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req: FastifyRequest, body: Buffer, done) => {
    try {
      done(null, parseForm(decodeUtf8(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
