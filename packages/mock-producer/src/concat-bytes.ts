const textEncoder = new TextEncoder();

/** Strings (as UTF-8) and byte arrays as one byte array; a lone byte array is returned as it is. */
export function concatBytes(parts: ReadonlyArray<string | Uint8Array>): Uint8Array {
  const encoded = parts.map((part) => (typeof part === 'string' ? textEncoder.encode(part) : part));
  if (encoded.length === 1) return encoded[0] as Uint8Array;
  const bytes = new Uint8Array(encoded.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of encoded) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
