// multipart/form-data for the upload forms (proposal attachments, resource files, showcase images,
// catalog CSVs, Polis exports). The platform's own Fetch implementation parses it (Node's undici
// FormData parser), installed as a content-type parser in the upload routes' scope: the whole form
// is in request.body before validation, so its _csrf field is checked like any other form's (the
// streaming @fastify/multipart reads the body only after that check).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export type MultipartBody = Record<string, string | UploadedFile>;

// Undici decodes names and values as UTF-8 with replacement characters; a replacement character
// in a form field means the bytes were not UTF-8, which deserves an error rather than mojibake.
const REPLACEMENT = '\uFFFD';

/** Parses a whole body. A repeated field keeps its first value; a file input left empty is absent. */
export async function parseMultipart(body: Buffer, contentType: string | undefined, maxParts = 40): Promise<MultipartBody> {
  if (!/boundary=/i.test(contentType ?? '')) throw new AppError('INVALID', 'error.invalid_input');
  let form: FormData;
  try {
    form = await new Response(body as unknown as BodyInit, { headers: { 'content-type': String(contentType) } }).formData();
  } catch {
    throw new AppError('INVALID', 'error.invalid_input');
  }
  const out: MultipartBody = Object.create(null);
  let parts = 0;
  for (const [name, value] of form) {
    if (++parts > maxParts) throw new AppError('INVALID', 'error.invalid_input');
    if (name.includes(REPLACEMENT)) throw new AppError('INVALID', 'error.invalid_utf8');
    if (name in out) continue;
    if (typeof value === 'string') {
      if (value.includes(REPLACEMENT)) throw new AppError('INVALID', 'error.invalid_utf8');
      out[name] = value;
    } else if (value.name !== '' || value.size > 0) {
      if (value.name.includes(REPLACEMENT)) throw new AppError('INVALID', 'error.invalid_utf8');
      out[name] = { filename: value.name || 'file', contentType: value.type || 'application/octet-stream', data: Buffer.from(await value.arrayBuffer()) };
    }
  }
  return { ...out };
}

/** Installs the parser in a route scope; `bodyLimit` bounds the whole form. */
export function registerMultipartParser(scope: FastifyInstance, options: { bodyLimit?: number; maxParts?: number } = {}): void {
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', ...(options.bodyLimit && { bodyLimit: options.bodyLimit }) }, async (request: FastifyRequest, body: Buffer) =>
    parseMultipart(body, request.headers['content-type'], options.maxParts),
  );
}

export const fileOf = (body: unknown, name: string): UploadedFile | undefined => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return value && typeof value === 'object' && Buffer.isBuffer((value as UploadedFile).data) ? (value as UploadedFile) : undefined;
};

export const textOf = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
};
