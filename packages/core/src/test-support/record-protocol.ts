/**
 * Runs a protocol parser alone (no engine) into the reference recording sink: from text chunks,
 * from byte chunks (decoded as the engine decodes them) or from a real fetch `Response`.
 */
import type { Protocol } from '../types.js';
import { createRecordingSink, type RecordedOutcome, type Recording } from './recording-sink.js';

export interface ProtocolRun {
  readonly recording: Recording;
  readonly outcome: RecordedOutcome;
}

function finishRun(recording: Recording): ProtocolRun {
  return { recording, outcome: recording.result() };
}

/** Feeds decoded text chunks, then ends the parser. */
export function recordChunks(protocol: Protocol, chunks: readonly string[]): ProtocolRun {
  const recording = createRecordingSink();
  const parser = protocol.createParser(recording.sink);
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return finishRun(recording);
}

/** Decodes byte chunks with one streaming `TextDecoder` (a character may be split across them) and feeds them. */
export function recordBytes(protocol: Protocol, chunks: readonly Uint8Array[]): ProtocolRun {
  const decoder = new TextDecoder();
  const texts = chunks.map((chunk) => decoder.decode(chunk, { stream: true }));
  texts.push(decoder.decode());
  return recordChunks(protocol, texts);
}

/** Cuts `bytes` at the given offsets (any order, duplicates allowed) into consecutive chunks. */
export function splitBytes(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets.map((offset) => Math.max(0, Math.min(bytes.length, offset))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of cuts) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/**
 * Reads a real response body through `TextDecoderStream` into the parser. A body that errors
 * (a cut connection) ends the parser as the engine would see it: whatever arrived, then `end()`
 * is not called and the run stays `streaming` — `bodyError` says what happened.
 */
export async function recordResponse(
  protocol: Protocol,
  response: Response,
  /** Called after every chunk was fed, e.g. to make the server fail once some text arrived. */
  afterFeed?: (recording: Recording) => void,
): Promise<ProtocolRun & { bodyError: unknown }> {
  const recording = createRecordingSink();
  const parser = protocol.createParser(recording.sink);
  let bodyError: unknown = null;
  if (response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(value);
        afterFeed?.(recording);
      }
      parser.end();
    } catch (error) {
      bodyError = error;
    }
  } else {
    parser.end();
  }
  return { ...finishRun(recording), bodyError };
}
