/** A decimal id without leading zeros: compared as a number (SSE ids of counters, Responses `sequence_number`). */
const NUMERIC_ID = /^(0|[1-9][0-9]*)$/;

/** `a > b` for two NUMERIC_ID strings of any length, without a BigInt per event. */
function isGreaterNumber(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

/**
 * Decides, event by event, whether an event was already delivered (see README "Resume"):
 *
 * - Numeric ids are ordered: an event whose id is not greater than the highest numeric id
 *   delivered so far is skipped (a replay from the start, a duplicate, a resume that overlaps).
 * - Any other id is opaque: an event whose id was delivered before in this run is skipped; a
 *   server that replays from the start repeats only ids already seen, a resumed one sends new ones.
 * - An event without an id belongs to the last event that had one: it is skipped while that one
 *   was, and delivered otherwise (also at the start of an attempt, before the first id).
 */
export interface ReplayGate {
  /** The id of the last event delivered, for `Last-Event-ID` and `resume(cursor)`; null before any. */
  readonly cursor: string | null;
  /** False while the events being parsed are ones delivered before. */
  readonly isOpen: boolean;
  /** An event with this id begins; returns whether it is new (and opens or closes the gate). */
  admit(id: string): boolean;
  /** A new connection begins: what it sends before its first id is delivered. */
  startAttempt(): void;
}

export function createReplayGate(): ReplayGate {
  let cursor: string | null = null;
  let isOpen = true;
  let highestNumeric: string | null = null;
  /** Opaque ids delivered so far; numeric ids need no memory. */
  const seenOpaque = new Set<string>();

  function isNew(id: string): boolean {
    if (NUMERIC_ID.test(id)) return highestNumeric === null || isGreaterNumber(id, highestNumeric);
    return !seenOpaque.has(id);
  }

  return {
    get cursor() {
      return cursor;
    },
    get isOpen() {
      return isOpen;
    },
    admit(id) {
      isOpen = isNew(id);
      if (!isOpen) return false;
      cursor = id;
      if (NUMERIC_ID.test(id)) highestNumeric = id;
      else seenOpaque.add(id);
      return true;
    },
    startAttempt() {
      isOpen = true;
    },
  };
}
