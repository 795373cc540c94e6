import type { PendingPartChange } from './pending-buffer';
import type { MessagePart } from './types';

/** Between the texts of two text parts in `snapshot.text`. */
export const TEXT_PART_SEPARATOR = '\n\n';

export interface PartLog {
  /** The published parts, in arrival order. */
  readonly parts: readonly MessagePart[];
  /** The text parts' texts joined with {@link TEXT_PART_SEPARATOR}. */
  readonly text: string;
  /**
   * Publishes `changes`: a new array in which only the changed parts are new objects. With
   * `closeOpenParts` (the stream is done), every streaming text or reasoning part becomes `done`.
   */
  apply(changes: readonly PendingPartChange[], closeOpenParts: boolean): void;
  /** `text.slice(start, end)` without flattening the whole text (see `TokenStream.readText`). */
  readText(start: number, end?: number): string;
}

function streamedFieldOf(type: unknown): 'text' | 'inputText' {
  return type === 'tool' ? 'inputText' : 'text';
}

function defaultsOf(type: unknown): Record<string, unknown> {
  if (type === 'text' || type === 'reasoning') return { text: '', state: 'streaming' };
  if (type === 'tool') return { inputText: '', state: 'input-streaming' };
  return {};
}

function buildPart(published: MessagePart | undefined, change: PendingPartChange): MessagePart {
  const base: object = published ?? { type: change.assigned.type, id: change.id, ...defaultsOf(change.assigned.type) };
  const part: Record<string, unknown> = { ...base, ...change.assigned };
  if (change.streamedBase !== null || change.pieces.length > 0) {
    const field = streamedFieldOf(part.type);
    const previous = part[field];
    // Appended piece by piece (a rope), not joined: joining would copy every byte once more.
    let value = change.streamedBase ?? (typeof previous === 'string' ? previous : '');
    for (const piece of change.pieces) value += piece;
    part[field] = value;
  }
  return part as unknown as MessagePart;
}

function isStreamingText(part: MessagePart): boolean {
  return (part.type === 'text' || part.type === 'reasoning') && part.state === 'streaming';
}

/**
 * The message as published: its parts and the joined text. The text of earlier text parts is
 * kept as a settled prefix, so a flush costs what changed, not a join of every part.
 */
export function createPartLog(): PartLog {
  let parts: readonly MessagePart[] = [];
  let text = '';
  /** Positions of the text parts in `parts`. */
  let textIndexes: number[] = [];
  /** The joined text of every text part but the last, or null when there is at most one. */
  let settledPrefix: string | null = null;
  // The published text as pieces, so `readText` can hand out a range without making V8
  // flatten the whole (rope) string: renderers of a 1 MB answer then pay for what is new only.
  let pieces: string[] = [];
  let pieceEnds: number[] = [];

  function pushPiece(piece: string): void {
    if (piece === '') return;
    pieces.push(piece);
    pieceEnds.push((pieceEnds.at(-1) ?? 0) + piece.length);
  }

  function textOf(index: number | undefined, from: readonly MessagePart[]): string {
    const part = index === undefined ? undefined : from[index];
    return part?.type === 'text' ? part.text : '';
  }

  function rebuildText(next: readonly MessagePart[]): void {
    textIndexes = [];
    next.forEach((part, index) => {
      if (part.type === 'text') textIndexes.push(index);
    });
    const texts = textIndexes.map((index) => textOf(index, next));
    settledPrefix = texts.length > 1 ? texts.slice(0, -1).join(TEXT_PART_SEPARATOR) : null;
    text = texts.join(TEXT_PART_SEPARATOR);
    pieces = [];
    pieceEnds = [];
    pushPiece(text);
  }

  return {
    get parts() {
      return parts;
    },
    get text() {
      return text;
    },

    apply(changes, closeOpenParts) {
      // Nothing changed: the array keeps its identity too.
      if (changes.length === 0 && !(closeOpenParts && parts.some(isStreamingText))) return;
      const next = parts.slice();
      const lastTextIndex = textIndexes.at(-1);
      let needsRebuild = false;
      let appendedToLast: readonly string[] = [];
      const newTextIndexes: number[] = [];

      for (const change of changes) {
        const published = change.isNew ? undefined : parts[change.index];
        const part = buildPart(published, change);
        next[change.index] = part;
        const wasText = published?.type === 'text';
        const isText = part.type === 'text';
        if (change.isNew) {
          if (isText) newTextIndexes.push(change.index);
        } else if (wasText !== isText) {
          needsRebuild = true;
        } else if (isText && (change.streamedBase !== null || change.pieces.length > 0)) {
          // Appends to the last text part are the common case; anything else re-joins.
          if (change.index === lastTextIndex && change.streamedBase === null) appendedToLast = change.pieces;
          else needsRebuild = true;
        }
      }

      if (closeOpenParts) {
        next.forEach((part, index) => {
          if (isStreamingText(part)) next[index] = { ...part, state: 'done' } as MessagePart;
        });
      }

      if (needsRebuild) {
        rebuildText(next);
      } else if (appendedToLast.length > 0 || newTextIndexes.length > 0) {
        for (const piece of appendedToLast) pushPiece(piece);
        for (const index of newTextIndexes) {
          const previousLast = textIndexes.at(-1);
          if (previousLast !== undefined) {
            const previousText = textOf(previousLast, next);
            settledPrefix = settledPrefix === null ? previousText : settledPrefix + TEXT_PART_SEPARATOR + previousText;
            pushPiece(TEXT_PART_SEPARATOR);
          }
          textIndexes.push(index);
          pushPiece(textOf(index, next));
        }
        const lastText = textOf(textIndexes.at(-1), next);
        text = settledPrefix === null ? lastText : settledPrefix + TEXT_PART_SEPARATOR + lastText;
      }
      parts = next;
    },

    readText(start, end = text.length) {
      const stop = Math.min(end, text.length);
      if (start >= stop) return '';
      // Binary search for the first piece that ends after `start`.
      let low = 0;
      let high = pieceEnds.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((pieceEnds[middle] as number) <= start) low = middle + 1;
        else high = middle;
      }
      let result = '';
      for (let index = low; index < pieces.length; index += 1) {
        const piece = pieces[index] as string;
        const pieceStart = (pieceEnds[index] as number) - piece.length;
        if (pieceStart >= stop) break;
        result += piece.slice(Math.max(0, start - pieceStart), Math.min(piece.length, stop - pieceStart));
      }
      return result;
    },
  };
}
