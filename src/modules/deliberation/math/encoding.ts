/**
 * Typed arrays <-> base64 strings, so the serialised conversation state stays compact JSON
 * (a million votes would otherwise be tens of megabytes of decimal numbers).
 * Byte order is the platform's (little-endian on every platform Node supports).
 */

type TypedArrayCtor<T> = { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };

export function encodeArray(a: Int8Array | Uint8Array | Int32Array | Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function decode<T>(text: string, ctor: TypedArrayCtor<T>): T {
  const bytes = Buffer.from(text, 'base64');
  // Copy into a fresh, aligned buffer: Buffer pooling may give an unaligned byteOffset.
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new ctor(copy, 0, bytes.byteLength / ctor.BYTES_PER_ELEMENT);
}

export const decodeInt8 = (s: string): Int8Array => decode(s, Int8Array);
export const decodeUint8 = (s: string): Uint8Array => decode(s, Uint8Array);
export const decodeInt32 = (s: string): Int32Array => decode(s, Int32Array);
export const decodeFloat64 = (s: string): Float64Array => decode(s, Float64Array);
