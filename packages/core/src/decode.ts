/**
 * Streaming UTF-8 decoding that turns invalid bytes into a typed error instead of silently
 * inserting U+FFFD, while keeping every character that decoded before the bad byte.
 */
export class InvalidUtf8Error extends Error {
  /** The text that decoded cleanly before the invalid sequence (not yet returned by `decode`). */
  readonly validPrefix: string;
  /** Position of the first invalid byte, counted from the start of the body. */
  readonly byteOffset: number;
  /** The body ended inside a character: it was cut short (a resumable drop), not invalid. */
  readonly endedInsideCharacter: boolean;
  constructor(message: string, validPrefix: string, byteOffset: number, endedInsideCharacter = false) {
    super(message);
    this.endedInsideCharacter = endedInsideCharacter;
    this.name = 'InvalidUtf8Error';
    this.validPrefix = validPrefix;
    this.byteOffset = byteOffset;
  }
}

export interface Utf8StreamDecoder {
  decode(bytes: Uint8Array): string;
  /** Flushes a trailing partial character; throws InvalidUtf8Error if the stream ended inside one. */
  end(): string;
}

/** How many bytes the sequence led by `lead` takes, or 0 when `lead` cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The allowed range of the byte after `lead` (it excludes overlongs and surrogates). */
function secondByteRange(lead: number): readonly [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/**
 * Index of the first byte that cannot be part of valid UTF-8, or -1 when every byte is valid
 * (a sequence cut by the end of `bytes` counts as valid: its rest may come with the next read).
 */
function firstInvalidIndex(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    const length = sequenceLength(lead);
    if (length === 0) return index;
    if (length === 1) {
      index += 1;
      continue;
    }
    const [low, high] = secondByteRange(lead);
    for (let step = 1; step < length; step += 1) {
      if (index + step >= bytes.length) return -1;
      const byte = bytes[index + step] as number;
      const [min, max] = step === 1 ? [low, high] : [0x80, 0xbf];
      if (byte < min || byte > max) return index;
    }
    index += length;
  }
  return -1;
}

/** How many bytes at the end of `bytes` start a character that is not complete yet (0 to 3). */
function incompleteTailLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    return sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}

function concatBytes(first: Uint8Array, second: Uint8Array): Uint8Array {
  if (first.length === 0) return second;
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}

export function createUtf8StreamDecoder(): Utf8StreamDecoder {
  // fatal: true makes invalid input throw; the BOM is stripped (WHATWG SSE requires it).
  const decoder = new TextDecoder('utf-8', { fatal: true });
  /** Bytes the decoder has accepted so far, including a held partial character. */
  let offset = 0;
  /**
   * The start of a character split across reads, which the decoder holds back. Kept here too:
   * when the next read is invalid further on, its first bytes still complete this character
   * (chunks `[78 C3]` then `[A9 61 62 63 FF]` must keep "xéabc").
   */
  let heldBytes = new Uint8Array(0);
  return {
    decode(bytes) {
      try {
        const text = decoder.decode(bytes, { stream: true });
        offset += bytes.byteLength;
        const tail = concatBytes(heldBytes, bytes.subarray(Math.max(0, bytes.length - 3)));
        heldBytes = tail.slice(tail.length - incompleteTailLength(tail));
        return text;
      } catch {
        const pending = concatBytes(heldBytes, bytes);
        const pendingStart = offset - heldBytes.length;
        const invalidAt = Math.max(0, firstInvalidIndex(pending));
        // A fresh decoder would strip a U+FEFF that is not at the start of the body.
        const validPrefix = new TextDecoder('utf-8', { ignoreBOM: pendingStart > 0 }).decode(pending.subarray(0, invalidAt));
        const byteOffset = pendingStart + invalidAt;
        throw new InvalidUtf8Error(`Invalid UTF-8 in the response body at byte ${byteOffset}`, validPrefix, byteOffset);
      }
    },
    end() {
      try {
        return decoder.decode();
      } catch {
        const byteOffset = offset - heldBytes.length;
        throw new InvalidUtf8Error(`The response body ended inside a UTF-8 character (at byte ${byteOffset})`, '', byteOffset, true);
      }
    },
  };
}
