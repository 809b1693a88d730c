// Uploaded resource files, kept under DATA_DIR/opendata/uploads by content hash. Detects the real
// type from the first bytes so a declared format can be checked against the content.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../core/config.js';
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
  if (head.subarray(0, 4).toString('latin1') === '%PDF') return 'PDF';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
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

export async function saveUpload(config: Pick<Config, 'dataDir'>, bytes: Buffer, filename: string): Promise<StoredUpload> {
  const key = `${newId()}/${cleanFilename(filename)}`;
  const file = path.join(uploadDir(config), key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes, { flag: 'wx' });
  const detectedFormat = detectFormat(bytes, filename);
  return {
    key,
    size: bytes.length,
    checksum: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    sha1: createHash('sha1').update(bytes).digest('hex'),
    mediaType: formats[detectedFormat]?.mediaType ?? 'application/octet-stream',
    filename: cleanFilename(filename),
    detectedFormat,
  };
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
