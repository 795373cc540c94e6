import type { FinishReason, MessagePart, PartFields, PartStart, StreamStatus } from './types.js';

/**
 * What happened to one part since the last flush. `assigned` holds replaced fields (later
 * ones win); the streamed field (`text`, or a tool's `inputText`) is kept apart as
 * `streamedBase` + `pieces`, so appends never copy what came before them.
 */
export interface PendingPartChange {
  readonly id: string;
  /** Position in `parts` (arrival order). */
  readonly index: number;
  /** True when the part was opened since the last flush. */
  readonly isNew: boolean;
  /** A `start` changed the part's type: the published fields are dropped, not merged with. */
  replacesPublished: boolean;
  assigned: Record<string, unknown>;
  /** A new value for the streamed field from `start` or `replace`, or null to keep the published one. */
  streamedBase: string | null;
  /** Flat pieces appended after `streamedBase` (one per read). */
  readonly pieces: string[];
  /** When each piece was read (the buffer's `arrivalClock`), for pacing; empty without one. */
  readonly arrivals: number[];
  /** Appends of the read being parsed; joined into one piece per read (see `seal`). */
  tokens: string[];
  /** A `replace` has been applied since the last flush (a further one collapses it). */
  replaced: boolean;
}

/** Everything a flush publishes, taken out of the buffer at once. */
export interface PendingChanges {
  /** Changed parts, in the order they were first touched since the last flush. */
  readonly parts: readonly PendingPartChange[];
  readonly status: StreamStatus | null;
  readonly finishReason: FinishReason | null;
  readonly cursor: string | null;
}

export interface PendingBuffer {
  /** Appends to the current text part (the hot path); opens `text-N` when the last part is not an open text part. */
  token(text: string): void;
  /** Opens a part at the end, or replaces the fields of the part with that id. */
  start(part: PartStart): void;
  /** Appends to a part's streamed field; returns the part's type, or null for an unknown id or a part without one. */
  append(id: string, text: string): MessagePart['type'] | null;
  /** Replaces fields; returns `'collapsed'` when it replaced an earlier one of this flush, `'unknown'` for an unknown id. */
  replace(id: string, fields: PartFields): 'applied' | 'collapsed' | 'unknown';
  /** Marks a text or reasoning part done; false for an unknown id. */
  end(id: string): boolean;
  /** Returns true when it replaced an earlier status of this flush. */
  status(type: string, data: unknown): boolean;
  finish(reason: FinishReason): void;
  cursor(id: string): void;
  /** Joins the appends of the read just parsed into flat strings. */
  seal(): void;
  /** True when a flush would publish something. */
  hasChanges(): boolean;
  /** Takes every pending change out of the buffer. */
  take(): PendingChanges;
  /** Drops every pending change (Stop); returns how many streamed characters that was. */
  discard(): number;

  /** Bytes read since the last flush, for the high-water mark. */
  readonly bytes: number;
  /** Counts bytes just read; returns the bytes now waiting. */
  addBytes(byteCount: number): number;
  /** Resolves after the next flush (or at once when the run ends). */
  waitForRoom(): Promise<void>;
  /**
   * A flush happened (or the run ended): the bytes are published, waiting reads go on.
   * `stillHeldBytes` stay counted (text a pacer has not revealed yet); while they are over
   * `limit`, waiting reads keep waiting.
   */
  releaseRoom(stillHeldBytes?: number, limit?: number): void;
}

const STREAMED_TEXT_TYPES: ReadonlySet<MessagePart['type']> = new Set(['text', 'reasoning', 'tool']);

function streamedFieldOf(type: MessagePart['type']): 'text' | 'inputText' {
  return type === 'tool' ? 'inputText' : 'text';
}

/** What the buffer knows of every part of the run, so appends find their field without the snapshot. */
interface KnownPart {
  type: MessagePart['type'];
  readonly index: number;
  /** A text or reasoning part not yet `done`. */
  open: boolean;
}

/**
 * The changes waiting for the next flush: appends (never dropped), replacements (the latest
 * per part wins), the latest status, finish reason and cursor, and the bytes they came in.
 */
export function createPendingBuffer(arrivalClock?: () => number): PendingBuffer {
  /** Every part of the run: its type and position, so appends know their field without a lookup in the snapshot. */
  const known = new Map<string, KnownPart>();
  let changes = new Map<string, PendingPartChange>();
  let status: StreamStatus | null = null;
  let finishReason: FinishReason | null = null;
  let cursor: string | null = null;
  let lastPartId: string | null = null;
  /** The id `token()` appends to: the last part, while it is an open text part. */
  let openTextId: string | null = null;
  /** The change record of `openTextId` for this flush, so a token is one array push. */
  let openTextChange: PendingPartChange | null = null;
  /** Changes holding unsealed tokens. */
  const unsealed: PendingPartChange[] = [];
  let generatedTextParts = 0;
  let bytes = 0;
  let roomWaiters: Array<() => void> = [];

  function changeOf(id: string): PendingPartChange {
    let change = changes.get(id);
    if (change === undefined) {
      const entry = known.get(id) as { index: number };
      change = { id, index: entry.index, isNew: false, replacesPublished: false, assigned: {}, streamedBase: null, pieces: [], arrivals: [], tokens: [], replaced: false };
      changes.set(id, change);
    }
    return change;
  }

  function pushText(change: PendingPartChange, text: string): void {
    if (change.tokens.length === 0) unsealed.push(change);
    change.tokens.push(text);
  }

  function sealChange(change: PendingPartChange): void {
    if (change.tokens.length === 0) return;
    // One flat string per read: keeping every token (or a rope of them) alive until the next
    // frame made V8 promote millions of small objects to the old generation (~65% of the time in GC).
    change.pieces.push(change.tokens.length === 1 ? (change.tokens[0] as string) : change.tokens.join(''));
    if (arrivalClock !== undefined) change.arrivals.push(arrivalClock());
    change.tokens = [];
  }

  function assign(change: PendingPartChange, type: MessagePart['type'], fields: Record<string, unknown>): void {
    const streamedField = streamedFieldOf(type);
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'id' || value === undefined) continue;
      if (key === streamedField && STREAMED_TEXT_TYPES.has(type) && typeof value === 'string') {
        // A replaced streamed field drops what was appended before it in this flush.
        sealChange(change);
        change.pieces.length = 0;
        change.arrivals.length = 0;
        change.streamedBase = value;
        continue;
      }
      change.assigned[key] = value;
    }
  }

  function openPart(part: PartStart): PendingPartChange {
    const index = known.size;
    known.set(part.id, { type: part.type, index, open: !('state' in part) || part.state !== 'done' });
    const change: PendingPartChange = { id: part.id, index, isNew: true, replacesPublished: false, assigned: {}, streamedBase: null, pieces: [], arrivals: [], tokens: [], replaced: false };
    changes.set(part.id, change);
    assign(change, part.type, part as unknown as Record<string, unknown>);
    lastPartId = part.id;
    refreshOpenText();
    return change;
  }

  function generatedTextId(): string {
    let id: string;
    do {
      generatedTextParts += 1;
      id = `text-${generatedTextParts}`;
    } while (known.has(id));
    return id;
  }

  function tokenSlowPath(text: string): void {
    if (openTextId === null) openPart({ type: 'text', id: generatedTextId() });
    else openTextChange = changeOf(openTextId);
    pushText(openTextChange as PendingPartChange, text);
  }

  function seal(): void {
    for (const change of unsealed) sealChange(change);
    unsealed.length = 0;
  }

  function clearChanges(): void {
    changes = new Map();
    openTextChange = null;
    status = null;
    finishReason = null;
    cursor = null;
  }

  /** `token()` appends to the last part while it is an open text part. */
  function refreshOpenText(): void {
    const last = lastPartId === null ? undefined : known.get(lastPartId);
    const id = last !== undefined && last.type === 'text' && last.open ? lastPartId : null;
    if (id === openTextId) return;
    openTextId = id;
    openTextChange = id === null ? null : (changes.get(id) ?? null);
  }

  /** Follows a `state` a protocol set: only `done` closes a text or reasoning part. */
  function noteState(entry: KnownPart, fields: { state?: unknown }): void {
    if (fields.state !== undefined) entry.open = fields.state !== 'done';
  }

  return {
    token(text) {
      if (openTextChange !== null) {
        if (openTextChange.tokens.length === 0) unsealed.push(openTextChange);
        openTextChange.tokens.push(text);
        return;
      }
      tokenSlowPath(text);
    },
    start(part) {
      const existing = known.get(part.id);
      if (existing === undefined) {
        openPart(part);
        return;
      }
      const change = changeOf(part.id);
      if (existing.type !== part.type) {
        // Fields of another part type mean nothing here: the part starts over as the new type.
        existing.type = part.type;
        existing.open = true;
        change.replacesPublished = true;
        change.assigned = {};
        change.streamedBase = null;
        change.pieces.length = 0;
        change.arrivals.length = 0;
        change.tokens = [];
      }
      change.assigned.type = part.type;
      assign(change, part.type, part as unknown as Record<string, unknown>);
      noteState(existing, part as { state?: unknown });
      refreshOpenText();
    },
    append(id, text) {
      const entry = known.get(id);
      if (entry === undefined || !STREAMED_TEXT_TYPES.has(entry.type)) return null;
      if (text !== '') pushText(changeOf(id), text);
      return entry.type;
    },
    replace(id, fields) {
      const entry = known.get(id);
      if (entry === undefined) return 'unknown';
      const change = changeOf(id);
      const collapsed = change.replaced;
      change.replaced = true;
      assign(change, entry.type, fields as Record<string, unknown>);
      noteState(entry, fields as { state?: unknown });
      refreshOpenText();
      return collapsed ? 'collapsed' : 'applied';
    },
    end(id) {
      const entry = known.get(id);
      if (entry === undefined) return false;
      if (entry.type === 'text' || entry.type === 'reasoning') {
        changeOf(id).assigned.state = 'done';
        entry.open = false;
        refreshOpenText();
      }
      return true;
    },
    status(type, data) {
      const collapsed = status !== null;
      status = { type, data };
      return collapsed;
    },
    finish(reason) {
      finishReason = reason;
    },
    cursor(id) {
      cursor = id;
    },
    seal,
    hasChanges: () => changes.size > 0 || status !== null || finishReason !== null || cursor !== null,
    take() {
      seal();
      const taken: PendingChanges = { parts: [...changes.values()], status, finishReason, cursor };
      clearChanges();
      return taken;
    },
    discard() {
      seal();
      let characters = 0;
      for (const change of changes.values()) {
        if (change.streamedBase !== null) characters += change.streamedBase.length;
        for (const piece of change.pieces) characters += piece.length;
      }
      clearChanges();
      return characters;
    },

    get bytes() {
      return bytes;
    },
    addBytes(byteCount) {
      bytes += byteCount;
      return bytes;
    },
    waitForRoom() {
      return new Promise((resume) => roomWaiters.push(resume));
    },
    releaseRoom(stillHeldBytes = 0, limit = Number.POSITIVE_INFINITY) {
      bytes = stillHeldBytes;
      if (bytes > limit) return;
      const waiters = roomWaiters;
      roomWaiters = [];
      for (const resume of waiters) resume();
    },
  };
}
