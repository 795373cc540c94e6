import type { PendingPartChange } from './pending-buffer.js';
import type { MessagePart } from './types.js';

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
  /** The same for one part's streamed field (`text`, or a tool's `inputText`); '' for an unknown id. */
  readPartText(id: string, start: number, end?: number): string;
}

/**
 * A string kept as the pieces it was appended in, so a range can be read without making V8
 * flatten the whole (rope) string: renderers of a 1 MB answer then pay for what is new only.
 */
interface PieceList {
  pieces: string[];
  ends: number[];
}

function createPieceList(first = ''): PieceList {
  const list: PieceList = { pieces: [], ends: [] };
  pushPiece(list, first);
  return list;
}

function pushPiece(list: PieceList, piece: string): void {
  if (piece === '') return;
  list.pieces.push(piece);
  list.ends.push((list.ends.at(-1) ?? 0) + piece.length);
}

function readPieces(list: PieceList, start: number, stop: number): string {
  if (start >= stop) return '';
  // Binary search for the first piece that ends after `start`.
  let low = 0;
  let high = list.ends.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list.ends[middle] as number) <= start) low = middle + 1;
    else high = middle;
  }
  let result = '';
  for (let index = low; index < list.pieces.length; index += 1) {
    const piece = list.pieces[index] as string;
    const pieceStart = (list.ends[index] as number) - piece.length;
    if (pieceStart >= stop) break;
    result += piece.slice(Math.max(0, start - pieceStart), Math.min(piece.length, stop - pieceStart));
  }
  return result;
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
  const startsOver = published === undefined || change.replacesPublished;
  const part: Record<string, unknown> = startsOver
    ? { type: change.assigned.type, id: change.id, ...change.assigned }
    : { ...published, ...change.assigned };
  if (startsOver) {
    for (const [key, value] of Object.entries(defaultsOf(part.type))) part[key] ??= value;
  }
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
  let textPieces = createPieceList();
  /** The streamed field of every text, reasoning and tool part, as pieces. */
  const partPieces = new Map<string, PieceList>();

  function recordPartPieces(part: MessagePart, change: PendingPartChange, typeChanged: boolean): void {
    if (part.type !== 'text' && part.type !== 'reasoning' && part.type !== 'tool') return;
    const list = partPieces.get(part.id);
    if (list === undefined || typeChanged || change.streamedBase !== null) {
      const value = part.type === 'tool' ? part.inputText : part.text;
      partPieces.set(part.id, createPieceList(value));
      return;
    }
    for (const piece of change.pieces) pushPiece(list, piece);
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
    textPieces = createPieceList(text);
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
        recordPartPieces(part, change, published !== undefined && published.type !== part.type);
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
        for (const piece of appendedToLast) pushPiece(textPieces, piece);
        for (const index of newTextIndexes) {
          const previousLast = textIndexes.at(-1);
          if (previousLast !== undefined) {
            const previousText = textOf(previousLast, next);
            settledPrefix = settledPrefix === null ? previousText : settledPrefix + TEXT_PART_SEPARATOR + previousText;
            pushPiece(textPieces, TEXT_PART_SEPARATOR);
          }
          textIndexes.push(index);
          pushPiece(textPieces, textOf(index, next));
        }
        const lastText = textOf(textIndexes.at(-1), next);
        text = settledPrefix === null ? lastText : settledPrefix + TEXT_PART_SEPARATOR + lastText;
      }
      parts = next;
    },

    readText(start, end = text.length) {
      return readPieces(textPieces, start, Math.min(end, text.length));
    },

    readPartText(id, start, end) {
      const list = partPieces.get(id);
      if (list === undefined) return '';
      const length = list.ends.at(-1) ?? 0;
      return readPieces(list, start, Math.min(end ?? length, length));
    },
  };
}
