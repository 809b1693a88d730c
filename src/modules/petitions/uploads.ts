// Supporting files (佐證資料): the type is decided by the file's first bytes and its extension
// together, never by what the client claims, and only a short list of document and image types is
// accepted.
import { isUtf8Text, sniffSignature } from '../../core/file-type.js';

export interface DetectedType {
  mediaType: string;
  extension: string;
}

const ZIP_DOCUMENTS: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot >= 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

/** The file's type, or null when its content and name do not agree on an accepted type. */
export function detectType(filename: string, data: Uint8Array): DetectedType | null {
  const ext = extensionOf(filename);
  if (data.length === 0) return null;
  const signature = sniffSignature(data);
  if (signature === 'pdf') return ext === 'pdf' ? { mediaType: 'application/pdf', extension: 'pdf' } : null;
  if (signature === 'png') return ext === 'png' ? { mediaType: 'image/png', extension: 'png' } : null;
  if (signature === 'jpeg') return ext === 'jpg' || ext === 'jpeg' ? { mediaType: 'image/jpeg', extension: ext } : null;
  if (signature === 'zip') return ZIP_DOCUMENTS[ext] ? { mediaType: ZIP_DOCUMENTS[ext], extension: ext } : null;
  if (signature) return null;
  if ((ext === 'txt' || ext === 'csv') && isUtf8Text(data)) return { mediaType: ext === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8', extension: ext };
  return null;
}

export const acceptedExtensions = ['pdf', 'png', 'jpg', 'jpeg', 'txt', 'csv', ...Object.keys(ZIP_DOCUMENTS)];

/** A file name safe to store and to offer back in Content-Disposition. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(-200);
  return cleaned || 'file';
}
