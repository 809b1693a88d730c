// multipart/form-data for the catalog's upload forms (resource files, showcase images). Parsed as a
// content-type parser, before validation, so the form's _csrf field is checked like any form's.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../../core/errors.js';

export interface FormFile {
  filename: string;
  data: Buffer;
}

export type FormBody = Record<string, string | FormFile>;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const text = (b: Buffer) => {
  try {
    return utf8.decode(b);
  } catch {
    throw new AppError('INVALID', 'error.invalid_utf8');
  }
};

export function parseFormData(body: Buffer, contentType: string | undefined, maxParts = 40): FormBody {
  const m = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  if (!m) throw new AppError('INVALID', 'error.invalid_input');
  const delimiter = Buffer.from(`\r\n--${m[1] ?? m[2]}`);
  // Prefixing CRLF lets the first delimiter be found like every other one.
  const data = Buffer.concat([Buffer.from('\r\n'), body]);
  const out: FormBody = Object.create(null);
  let at = data.indexOf(delimiter);
  let parts = 0;
  while (at >= 0) {
    const start = at + delimiter.length;
    if (data.subarray(start, start + 2).toString() === '--') break;
    const headerEnd = data.indexOf('\r\n\r\n', start);
    const next = data.indexOf(delimiter, headerEnd + 4);
    if (headerEnd < 0 || next < 0 || ++parts > maxParts) throw new AppError('INVALID', 'error.invalid_input');
    const headers = text(data.subarray(start + 2, headerEnd));
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    const content = data.subarray(headerEnd + 4, next);
    if (name && !(name in out)) {
      if (filename === undefined) out[name] = text(content);
      else if (content.length > 0) out[name] = { filename: filename || 'file', data: Buffer.from(content) };
    }
    at = next;
  }
  return { ...out };
}

export function registerFormData(scope: FastifyInstance): void {
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    try {
      done(null, parseFormData(body, request.headers['content-type']));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

export const fileOf = (body: unknown, name: string): FormFile | undefined => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return v && typeof v === 'object' && Buffer.isBuffer((v as FormFile).data) ? (v as FormFile) : undefined;
};

export const textOf = (body: unknown, name: string): string => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
};
