/**
 * Streaming UTF-8 decoding that turns invalid bytes into a typed error instead of silently
 * inserting U+FFFD, while keeping every character that decoded before the bad byte.
 */
export class InvalidUtf8Error extends Error {
  /** The text that decoded cleanly before the invalid sequence. */
  readonly validPrefix: string;
  constructor(message: string, validPrefix: string) {
    super(message);
    this.name = 'InvalidUtf8Error';
    this.validPrefix = validPrefix;
  }
}

export interface Utf8StreamDecoder {
  decode(bytes: Uint8Array): string;
  /** Flushes a trailing partial character; throws InvalidUtf8Error if the stream ended inside one. */
  end(): string;
}

export function createUtf8StreamDecoder(): Utf8StreamDecoder {
  // fatal: true makes invalid input throw; the BOM is stripped (WHATWG SSE requires it).
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  return {
    decode(bytes) {
      try {
        const text = decoder.decode(bytes, { stream: true });
        offset += bytes.byteLength;
        return text;
      } catch {
        const lenient = new TextDecoder('utf-8').decode(bytes);
        const cut = lenient.indexOf('\uFFFD');
        const validPrefix = cut === -1 ? lenient : lenient.slice(0, cut);
        throw new InvalidUtf8Error(
          `Invalid UTF-8 in the response body near byte ${offset + new TextEncoder().encode(validPrefix).byteLength}`,
          validPrefix,
        );
      }
    },
    end() {
      try {
        return decoder.decode();
      } catch {
        throw new InvalidUtf8Error('The response body ended inside a UTF-8 character', '');
      }
    },
  };
}
