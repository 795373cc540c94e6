/**
 * The reference model of the action sink (DESIGN.md, "Messages of parts"): it applies every
 * operation a protocol reports to a plain parts array, with the semantics the engine's part log
 * must have. Protocol tests run against it without the engine; after the merge the same
 * expectations run against `createTokenStream`, so the two must agree.
 *
 * Semantics modelled here:
 * - `token(text)` appends to the last part when it is a streaming text part, else opens a text part.
 * - `start(part)` opens a part at the end; a `start` for an id that exists replaces its fields.
 * - `append(id, text)` adds to a text/reasoning part's `text` or a tool part's `inputText`.
 * - `replace(id, fields)` assigns the fields; a field given as `undefined` is removed.
 * - `end(id)` marks a text or reasoning part `done`.
 * - `finish(reason)` records the finish reason; `cursor(id)` the last event id; `ignore()` counts.
 * - `done()` / `error()` end the run; any operation after that is a protocol bug.
 *
 * Operations the model cannot apply (an unknown id, an append to a source part, anything after
 * the end) are collected in `problems` instead of thrown, so a test can assert there were none.
 */
import type {
  ActionSink,
  FinishReason,
  MessagePart,
  PartFields,
  PartStart,
  StreamError,
  StreamErrorKind,
  StreamPhase,
  StreamStatus,
} from '../types.js';

export interface Recording {
  readonly sink: ActionSink;
  /** The parts as the operations so far built them, in arrival order. */
  readonly parts: MessagePart[];
  /** Every status update, in order (the engine publishes only the latest per flush). */
  readonly statuses: StreamStatus[];
  /** Operations that could not be applied; a correct protocol leaves this empty. */
  readonly problems: string[];
  /** The summary a snapshot would show. */
  result(): RecordedOutcome;
}

export interface RecordedOutcome {
  parts: MessagePart[];
  /** Text parts' texts joined with a blank line, as `snapshot.text`. */
  text: string;
  phase: Extract<StreamPhase, 'streaming' | 'done' | 'error'>;
  error: Pick<StreamError, 'kind' | 'message'> | null;
  status: StreamStatus | null;
  finishReason: FinishReason | null;
  cursor: string | null;
  ignoredEvents: number;
  tokens: number;
}

type MutablePart = MessagePart & Record<string, unknown>;

/** `snapshot.text` from parts: the text parts joined with a blank line. */
export function textOfParts(parts: readonly MessagePart[]): string {
  return parts
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('\n\n');
}

function openPart(start: PartStart): MutablePart {
  switch (start.type) {
    case 'text':
    case 'reasoning':
      return { text: '', state: 'streaming', ...start } as MutablePart;
    case 'tool':
      return { inputText: '', state: 'input-streaming', ...start } as MutablePart;
    default:
      return { ...start } as MutablePart;
  }
}

function assignFields(part: MutablePart, fields: PartFields | PartStart): void {
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'id' || key === 'type') continue;
    if (value === undefined) delete part[key];
    else part[key] = value;
  }
}

export function createRecordingSink(): Recording {
  const parts: MutablePart[] = [];
  const byId = new Map<string, MutablePart>();
  const statuses: StreamStatus[] = [];
  const problems: string[] = [];
  let phase: RecordedOutcome['phase'] = 'streaming';
  let error: RecordedOutcome['error'] = null;
  let finishReason: FinishReason | null = null;
  let cursor: string | null = null;
  let ignoredEvents = 0;
  let tokens = 0;
  let generatedTextIds = 0;

  const live = (operation: string): boolean => {
    if (phase === 'streaming') return true;
    problems.push(`${operation} after the run ended (${phase})`);
    return false;
  };
  const partFor = (operation: string, id: string): MutablePart | undefined => {
    const part = byId.get(id);
    if (!part) problems.push(`${operation}(${id}): no such part`);
    return part;
  };

  const sink: ActionSink = {
    token(text) {
      if (!live('token')) return;
      tokens += 1;
      const last = parts[parts.length - 1];
      if (last && last.type === 'text' && last.state === 'streaming') {
        last.text += text;
        return;
      }
      generatedTextIds += 1;
      const part = openPart({ type: 'text', id: `token-text-${generatedTextIds}`, text });
      parts.push(part);
      byId.set(part.id, part);
    },
    status(type, data) {
      if (live('status')) statuses.push({ type, data });
    },
    done() {
      if (live('done')) phase = 'done';
    },
    error(kind: StreamErrorKind, message: string) {
      if (!live('error')) return;
      phase = 'error';
      error = { kind, message };
    },
    start(start) {
      if (!live('start')) return;
      const existing = byId.get(start.id);
      if (existing) {
        if (existing.type !== start.type) problems.push(`start(${start.id}): is a ${existing.type} part, not ${start.type}`);
        assignFields(existing, start);
        return;
      }
      const part = openPart(start);
      parts.push(part);
      byId.set(part.id, part);
    },
    append(id, text) {
      if (!live('append')) return;
      const part = partFor('append', id);
      if (!part) return;
      if (part.type === 'text' || part.type === 'reasoning') part.text += text;
      else if (part.type === 'tool') part.inputText += text;
      else problems.push(`append(${id}): a ${part.type} part has no text`);
    },
    replace(id, fields) {
      if (!live('replace')) return;
      const part = partFor('replace', id);
      if (part) assignFields(part, fields);
    },
    end(id) {
      if (!live('end')) return;
      const part = partFor('end', id);
      if (!part) return;
      if (part.type === 'text' || part.type === 'reasoning') part.state = 'done';
      else problems.push(`end(${id}): a ${part.type} part has no text state`);
    },
    finish(reason) {
      if (live('finish')) finishReason = reason;
    },
    cursor(id) {
      if (live('cursor')) cursor = id;
    },
    ignore() {
      // Counting skipped events is fine at any time; it changes nothing visible.
      ignoredEvents += 1;
    },
  };

  return {
    sink,
    parts,
    statuses,
    problems,
    result: () => ({
      parts: parts.map((part) => ({ ...part })),
      text: textOfParts(parts),
      phase,
      error,
      status: statuses[statuses.length - 1] ?? null,
      finishReason,
      cursor,
      ignoredEvents,
      tokens,
    }),
  };
}
