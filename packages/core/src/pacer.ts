import type { PendingPartChange } from './pending-buffer.js';
import type { MessagePart, PaceOptions } from './types.js';

/** `pace.maxLagMs` when none is given. */
export const DEFAULT_MAX_LAG_MS = 300;

/**
 * The longest stretch a "word" may extend a reveal by: text without whitespace (code, CJK,
 * base64) would otherwise come out in one jump.
 */
export const MAX_WORD_LENGTH = 24;

const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

/** Holds back appended text between a flush's `take()` and the part log, revealing it smoothly. */
export interface Pacer {
  /**
   * Takes one flush's changes and returns what to publish now: every field replacement as it
   * is, the appended text of text and reasoning parts only as far as it is revealed.
   * `revealAll` (a terminal outcome) publishes everything still held. `nextIntervalMs` is when
   * the schedule expects the next flush (a stretched frame interval), 0 when it cannot say.
   */
  pace(changes: readonly PendingPartChange[], revealAll: boolean, nextIntervalMs?: number): PendingPartChange[];
  /** Characters received but not yet revealed (they count toward `highWaterMark`). */
  readonly heldChars: number;
  /** Drops everything held (Stop); returns how many characters that was. */
  discard(): number;
}

export interface PacerOptions {
  /** @defaultValue {@link DEFAULT_MAX_LAG_MS} */
  readonly maxLagMs?: number;
  /** The clock arrival times were stamped with. */
  readonly now: () => number;
  /** True while the user asks for reduced motion: everything is revealed at once. */
  readonly prefersReducedMotion?: () => boolean;
}

/** A piece of held text: what is left of one read's appends to one part. */
interface HeldChunk {
  readonly id: string;
  readonly index: number;
  text: string;
  readonly arrivedAt: number;
}

const PACED_TYPES: ReadonlySet<MessagePart['type']> = new Set(['text', 'reasoning']);

function isWhitespace(character: string | undefined): boolean {
  return character !== undefined && /\s/.test(character);
}

/**
 * Reveals held text oldest first. Per flush at time `t` (elapsed `Δ` since the previous one;
 * `next`, the larger of `Δ` and the schedule's current interval, is when the next flush is
 * expected) it reveals the largest of:
 * - for every held chunk, the text up to its end scaled by `next / timeLeft`, where `timeLeft` is
 *   what remains until that chunk is `maxLagMs` old: the text drains evenly towards each deadline,
 *   and everything whose deadline falls before the next flush is revealed now, so if that flush
 *   comes no later than expected nothing is still hidden `maxLagMs` after it arrived;
 * - `⌈backlog × Δ / maxLagMs⌉` characters, so the rate follows the backlog;
 * - the next word (whitespace, then up to the next whitespace, at most {@link MAX_WORD_LENGTH});
 * and then finishes the word it stopped in (at most {@link MAX_WORD_LENGTH} more characters),
 * so reveals end on word boundaries. Parts are revealed in arrival order; a new part appears at
 * once (empty) while earlier text is still being revealed, since part starts are not paced.
 */
export function createPacer({ maxLagMs = DEFAULT_MAX_LAG_MS, now, prefersReducedMotion }: PacerOptions): Pacer {
  /** Held text in arrival order. */
  let queue: HeldChunk[] = [];
  let heldChars = 0;
  let lastPaceAt: number | null = null;
  /** Part types by id, learnt from the changes that opened or retyped them. */
  const types = new Map<string, MessagePart['type']>();

  function dropHeldOf(id: string): void {
    queue = queue.filter((chunk) => {
      if (chunk.id !== id) return true;
      heldChars -= chunk.text.length;
      return false;
    });
  }

  /** Characters from the front of the queue through the end of chunk `last`. */
  function charsThrough(last: number): number {
    let count = 0;
    for (let index = 0; index <= last; index += 1) count += (queue[index] as HeldChunk).text.length;
    return count;
  }

  /** The characters of the queue from offset `start` on, one part at a time (a word never spans parts). */
  function* charactersFrom(start: number): Generator<{ character: string; id: string }> {
    let skipped = 0;
    for (const chunk of queue) {
      if (skipped + chunk.text.length <= start) {
        skipped += chunk.text.length;
        continue;
      }
      for (let offset = Math.max(0, start - skipped); offset < chunk.text.length; offset += 1) {
        yield { character: chunk.text[offset] as string, id: chunk.id };
      }
      skipped += chunk.text.length;
    }
  }

  /** Characters up to the end of the first word (leading whitespace included). */
  function firstWordLength(): number {
    let length = 0;
    let wordLength = 0;
    for (const { character } of charactersFrom(0)) {
      if (isWhitespace(character)) {
        if (wordLength > 0) break;
        if (length >= MAX_WORD_LENGTH) break;
      } else {
        if (wordLength >= MAX_WORD_LENGTH) break;
        wordLength += 1;
      }
      length += 1;
    }
    return length;
  }

  /** Extends `count` to the end of the word it falls inside. */
  function toWordEnd(count: number): number {
    if (count === 0 || count >= heldChars) return count;
    let previous: { character: string; id: string } | undefined;
    for (const item of charactersFrom(count - 1)) {
      previous = item;
      break;
    }
    if (previous === undefined || isWhitespace(previous.character)) return count;
    let extended = count;
    let skippedFirst = false;
    for (const item of charactersFrom(count - 1)) {
      if (!skippedFirst) {
        skippedFirst = true;
        continue;
      }
      if (item.id !== previous.id || isWhitespace(item.character) || extended - count >= MAX_WORD_LENGTH) break;
      extended += 1;
    }
    return extended;
  }

  function revealCount(time: number, forcedThrough: number, revealAll: boolean, nextIntervalMs: number): number {
    if (revealAll || prefersReducedMotion?.() === true) return heldChars;
    const elapsed = lastPaceAt === null ? 0 : Math.max(0, time - lastPaceAt);
    const lookahead = Math.max(elapsed, nextIntervalMs);
    let count = forcedThrough < 0 ? 0 : charsThrough(forcedThrough);
    // Every chunk sets a pace: the text up to it must be out by its deadline (arrival + maxLagMs).
    // Revealing `lookahead / timeLeft` of it now drains it evenly until then, and all of it once
    // the deadline falls before the next flush.
    let through = 0;
    for (const chunk of queue) {
      through += chunk.text.length;
      const timeLeft = chunk.arrivedAt + maxLagMs - time;
      const due = timeLeft <= lookahead ? through : Math.ceil((through * lookahead) / timeLeft);
      count = Math.max(count, due);
    }
    count = Math.max(count, Math.ceil((heldChars * elapsed) / maxLagMs), firstWordLength());
    return Math.min(heldChars, toWordEnd(Math.min(count, heldChars)));
  }

  /** Takes `count` characters off the front of the queue, as pieces per part. */
  function takeFront(count: number): Map<string, { index: number; pieces: string[] }> {
    const revealed = new Map<string, { index: number; pieces: string[] }>();
    let left = count;
    while (left > 0 && queue.length > 0) {
      const chunk = queue[0] as HeldChunk;
      const piece = chunk.text.length <= left ? chunk.text : chunk.text.slice(0, left);
      let entry = revealed.get(chunk.id);
      if (entry === undefined) {
        entry = { index: chunk.index, pieces: [] };
        revealed.set(chunk.id, entry);
      }
      entry.pieces.push(piece);
      left -= piece.length;
      heldChars -= piece.length;
      if (piece.length === chunk.text.length) queue.shift();
      else chunk.text = chunk.text.slice(piece.length);
    }
    return revealed;
  }

  return {
    get heldChars() {
      return heldChars;
    },

    pace(changes, revealAll, nextIntervalMs = 0) {
      const time = now();
      const published: PendingPartChange[] = [];
      const arrived: HeldChunk[] = [];
      /** Parts that ended in this flush: their text is revealed at once, with all that came before it. */
      const ending = new Set<string>();

      for (const change of changes) {
        const assignedType = change.assigned.type;
        if (typeof assignedType === 'string') types.set(change.id, assignedType as MessagePart['type']);
        const type = types.get(change.id);
        if (change.streamedBase !== null || change.replacesPublished) {
          // A replaced field supersedes the appends held before it; replacements are never paced.
          dropHeldOf(change.id);
          published.push(change);
          continue;
        }
        if (change.assigned.state === 'done') ending.add(change.id);
        if (type === undefined || !PACED_TYPES.has(type) || change.pieces.length === 0) {
          published.push(change);
          continue;
        }
        change.pieces.forEach((piece, position) => {
          arrived.push({ id: change.id, index: change.index, text: piece, arrivedAt: change.arrivals[position] ?? time });
        });
        published.push({ ...change, pieces: [], arrivals: [] });
      }

      // Changes are ordered by first touch; arrival order across parts is by read time.
      arrived.sort((left, right) => left.arrivedAt - right.arrivedAt);
      for (const chunk of arrived) {
        queue.push(chunk);
        heldChars += chunk.text.length;
      }

      let forcedThrough = -1;
      queue.forEach((chunk, position) => {
        if (ending.has(chunk.id)) forcedThrough = position;
      });
      const revealed = takeFront(revealCount(time, forcedThrough, revealAll, nextIntervalMs));
      lastPaceAt = queue.length > 0 ? time : null;

      for (const [id, { index, pieces }] of revealed) {
        const position = published.findIndex((change) => change.id === id);
        if (position >= 0) {
          const change = published[position] as PendingPartChange;
          published[position] = { ...change, pieces };
        } else {
          published.push({
            id,
            index,
            isNew: false,
            replacesPublished: false,
            assigned: {},
            streamedBase: null,
            pieces,
            arrivals: [],
            tokens: [],
            replaced: false,
          });
        }
      }
      return published;
    },

    discard() {
      const discarded = heldChars;
      queue = [];
      heldChars = 0;
      lastPaceAt = null;
      return discarded;
    },
  };
}

/**
 * The pacer a run uses for its `pace` option, or null when pacing is off. Reduced motion is
 * read from `pace.matchMedia` (default `globalThis.matchMedia`) at every flush.
 */
export function createPacerFor(pace: PaceOptions | false | undefined, now: () => number): Pacer | null {
  if (pace === undefined || pace === false) return null;
  // Called as a method: a detached `window.matchMedia` throws "Illegal invocation".
  const query =
    pace.matchMedia !== undefined
      ? pace.matchMedia(REDUCED_MOTION_QUERY)
      : typeof globalThis.matchMedia === 'function'
        ? globalThis.matchMedia(REDUCED_MOTION_QUERY)
        : null;
  return createPacer({
    now,
    ...(pace.maxLagMs !== undefined ? { maxLagMs: pace.maxLagMs } : {}),
    ...(query !== null ? { prefersReducedMotion: () => query.matches } : {}),
  });
}
