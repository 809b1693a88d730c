// A small multipart/form-data parser for the one upload form, registered only in the upload
// route's scope. It runs as a content-type parser, before validation, so the form's CSRF field is
// read like any other form's; fields and file names must be valid UTF-8.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.js';

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export type MultipartBody = Record<string, string | UploadedFile>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

function decode(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new AppError('INVALID', 'error.invalid_utf8');
  }
}

function boundaryOf(contentType: string | undefined): string {
  const match = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  if (!match) throw new AppError('INVALID', 'error.invalid_input');
  return match[1] ?? match[2]!;
}

function dispositionParam(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  return match ? match[1].replace(/\\(.)/g, '$1') : undefined;
}

/** Parses a whole multipart body. At most `maxParts` parts; a repeated field keeps the first. */
export function parseMultipart(body: Buffer, contentType: string | undefined, maxParts = 20): MultipartBody {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const out: MultipartBody = Object.create(null);
  let position = body.indexOf(delimiter);
  if (position < 0) throw new AppError('INVALID', 'error.invalid_input');
  let parts = 0;
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') break;
    if (!body.subarray(position, position + 2).equals(CRLF)) throw new AppError('INVALID', 'error.invalid_input');
    position += 2;
    const headerEnd = body.indexOf(HEADER_END, position);
    if (headerEnd < 0) throw new AppError('INVALID', 'error.invalid_input');
    const headers = decode(body.subarray(position, headerEnd)).split('\r\n');
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), headerEnd + 4);
    if (next < 0) throw new AppError('INVALID', 'error.invalid_input');
    const content = body.subarray(headerEnd + 4, next);
    if (++parts > maxParts) throw new AppError('INVALID', 'error.invalid_input');
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const name = dispositionParam(disposition, 'name');
    const filename = dispositionParam(disposition, 'filename');
    const type = headers.find((h) => /^content-type:/i.test(h))?.split(':')[1]?.trim() ?? 'application/octet-stream';
    if (name && !(name in out)) {
      if (filename !== undefined) {
        if (filename !== '' || content.length > 0) out[name] = { filename, contentType: type, data: Buffer.from(content) };
      } else out[name] = decode(content);
    }
    position = next + 2;
  }
  return { ...out };
}

export function registerMultipartParser(scope: FastifyInstance): void {
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    try {
      done(null, parseMultipart(body, request.headers['content-type']));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
