import type { StreamError, TimeoutName } from './types.js';

/** HTTP error bodies are cut to this many bytes. */
const HTTP_EXCERPT_BYTES = 1024;

export async function httpError(response: Response): Promise<StreamError> {
  const excerpt = await readExcerpt(response);
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  return {
    kind: 'http',
    status: response.status,
    message: `The server answered HTTP ${response.status}${statusText}`,
    excerpt,
  };
}

async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < HTTP_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // An excerpt is a courtesy; the status code is the error.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes.subarray(0, HTTP_EXCERPT_BYTES));
}

export function networkError(cause: unknown): StreamError {
  const detail = cause instanceof Error && cause.message ? `: ${cause.message}` : '';
  return { kind: 'network', message: `The connection failed${detail}`, cause };
}

const TIMEOUT_MESSAGES: Record<TimeoutName, string> = {
  firstToken: 'No token arrived within the first-token timeout',
  idle: 'The stream went quiet for longer than the idle timeout',
  total: 'The stream took longer than the total timeout',
};

export function timeoutError(timeout: TimeoutName, milliseconds: number): StreamError {
  return { kind: 'timeout', timeout, message: `${TIMEOUT_MESSAGES[timeout]} (${milliseconds} ms)` };
}
