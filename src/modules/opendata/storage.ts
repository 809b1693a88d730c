// Uploaded resource files, kept under DATA_DIR/opendata/uploads by key. Detects the real type from
// the first bytes so a declared format can be checked against the content.
//
// An upload is first staged (DATA_DIR/opendata/uploads/.staging/KEY) by the HTTP layer, then adopted
// by the action that stores its key, inside the action: adoption moves it into place and removes it
// again if the transaction rolls back. The route discards whatever is still staged when it answers,
// so a refused or failed request leaves no file behind, and an input can only name a file that was
// uploaded with it.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import type { ActionContext } from '../../core/action.js';
import type { Config } from '../../core/config.js';
import { AppError } from '../../core/errors.js';
import { sniffSignature } from '../../core/file-type.js';
import { newId } from '../../core/ids.js';
import { formats } from './model.js';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface StoredUpload {
  key: string;
  size: number;
  checksum: string;
  sha1: string;
  mediaType: string;
  filename: string;
  detectedFormat: string;
}

const uploadDir = (config: Pick<Config, 'dataDir'>) => path.join(config.dataDir, 'opendata', 'uploads');
const stagingDir = (config: Pick<Config, 'dataDir'>) => path.join(uploadDir(config), '.staging');

/** A key is an id plus a cleaned file name; never a path. */
const KEY_PATTERN = /^[0-9a-f-]{36}\/[\w.\-\u4e00-\u9fff]{1,200}$/u;

export function cleanFilename(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).normalize('NFKC');
  const cleaned = base.replace(/[^\w.\-\u4e00-\u9fff]+/gu, '_').replace(/^\.+/, '').slice(0, 120);
  return cleaned || 'file';
}

/** What the bytes look like, whatever the name says. */
export function detectFormat(bytes: Buffer, filename = ''): string {
  const head = bytes.subarray(0, 512);
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  const signature = sniffSignature(head);
  if (signature === 'pdf') return 'PDF';
  if (signature === 'zip') {
    const ext = filename.split('.').pop()?.toUpperCase() ?? '';
    return ['XLSX', 'ODS', 'SHP', 'KMZ', 'DOCX'].includes(ext) ? ext : 'ZIP';
  }
  if (text.startsWith('{') || text.startsWith('[')) return /"type"\s*:\s*"FeatureCollection"/.test(text) ? 'GEOJSON' : 'JSON';
  if (text.startsWith('<?xml') || text.startsWith('<')) return /<kml[\s>]/i.test(text) ? 'KML' : /<html[\s>]/i.test(text) ? 'HTML' : 'XML';
  if (head.includes(0)) return 'BIN';
  const firstLine = text.split(/\r?\n/)[0] ?? '';
  if (firstLine.includes(',') || firstLine.includes('\t')) return 'CSV';
  return 'TXT';
}

/** Writes an upload to the staging area; it becomes a stored file only when an action adopts it. */
export function stageUpload(config: Pick<Config, 'dataDir'>, bytes: Buffer, filename: string): Promise<StoredUpload> {
  return stageUploadStream(config, Readable.from([bytes]), filename);
}

/** Streams an upload to the staging area, hashing it and keeping only its first bytes for sniffing. */
export async function stageUploadStream(config: Pick<Config, 'dataDir'>, source: Readable, filename: string): Promise<StoredUpload> {
  const key = `${newId()}/${cleanFilename(filename)}`;
  const file = path.join(stagingDir(config), key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1');
  let size = 0;
  let head = Buffer.alloc(0);
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sha256.update(chunk);
      sha1.update(chunk);
      size += chunk.length;
      if (head.length < 512) head = Buffer.concat([head, chunk.subarray(0, 512 - head.length)]);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, measure, createWriteStream(file, { flags: 'wx' }));
  } catch (error) {
    await fs.rm(file, { force: true });
    throw error;
  }
  const detectedFormat = detectFormat(head, filename);
  return {
    key,
    size,
    checksum: `sha256:${sha256.digest('hex')}`,
    sha1: sha1.digest('hex'),
    mediaType: formats[detectedFormat]?.mediaType ?? 'application/octet-stream',
    filename: cleanFilename(filename),
    detectedFormat,
  };
}

/**
 * Moves a staged upload into place as part of the running action; the file is removed again if the
 * action fails or its transaction rolls back. A key that was not staged is an input error.
 */
export async function adoptUpload(ctx: Pick<ActionContext, 'config' | 'onRollback'>, key: string, field = 'upload'): Promise<void> {
  const target = uploadPath(ctx.config, key);
  if (!target) throw new AppError('INVALID', 'error.invalid_input', [{ field, message: 'opendata.upload_missing' }]);
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.rename(path.join(stagingDir(ctx.config), key), target);
  } catch {
    throw new AppError('INVALID', 'error.invalid_input', [{ field, message: 'opendata.upload_missing' }]);
  }
  ctx.onRollback(() => fs.rm(target, { force: true }));
}

/** Removes a staged upload that no action adopted (a refusal, an invalid form). */
export async function discardStagedUpload(config: Pick<Config, 'dataDir'>, key: string | undefined): Promise<void> {
  if (!key || !KEY_PATTERN.test(key)) return;
  await fs.rm(path.join(stagingDir(config), key), { force: true });
  await fs.rmdir(path.dirname(path.join(stagingDir(config), key))).catch(() => undefined);
}

export function uploadPath(config: Pick<Config, 'dataDir'>, key: string): string | null {
  if (!KEY_PATTERN.test(key)) return null;
  return path.join(uploadDir(config), key);
}

export async function readUpload(config: Pick<Config, 'dataDir'>, key: string, maxBytes = MAX_UPLOAD_BYTES): Promise<Buffer | null> {
  const file = uploadPath(config, key);
  if (!file) return null;
  try {
    const stat = await fs.stat(file);
    if (stat.size > maxBytes) return null;
    return await fs.readFile(file);
  } catch {
    return null;
  }
}
