// What a file is, by its first bytes, whatever its name or the type the client declared. The one place
// that knows file signatures; each module decides which of these it accepts (and may check the name too).

export type Signature = 'pdf' | 'png' | 'jpeg' | 'webp' | 'zip';

export const signatureMediaType: Record<Signature, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  zip: 'application/zip',
};

const startsWith = (data: Uint8Array, bytes: readonly number[], at = 0) => data.length >= at + bytes.length && bytes.every((b, i) => data[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: ReadonlyArray<{ signature: Signature; test: (data: Uint8Array) => boolean }> = [
  { signature: 'pdf', test: (d) => startsWith(d, ascii('%PDF-')) },
  { signature: 'png', test: (d) => startsWith(d, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { signature: 'jpeg', test: (d) => startsWith(d, [0xff, 0xd8, 0xff]) },
  { signature: 'webp', test: (d) => startsWith(d, ascii('RIFF')) && startsWith(d, ascii('WEBP'), 8) },
  { signature: 'zip', test: (d) => startsWith(d, [0x50, 0x4b, 0x03, 0x04]) },
];

/** The binary signature the bytes start with, if one we know. */
export function sniffSignature(data: Uint8Array): Signature | null {
  return SIGNATURES.find((s) => s.test(data))?.signature ?? null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the bytes are UTF-8 text (no NUL, no invalid sequence). */
export function isUtf8Text(data: Uint8Array): boolean {
  if (data.includes(0)) return false;
  try {
    strictUtf8.decode(data);
    return true;
  } catch {
    return false;
  }
}
