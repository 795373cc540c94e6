import type { ActionSink, FinishReason, Protocol } from '../types.js';
import { finishReasonFrom, isRecord, messageOr, parseRequiredJson, settleToolInput } from './payload.js';
import { createSseProtocol, type SseEvent } from './sse.js';

/** The `ai` package's finish reasons; `interrupted` and anything newer become `other`. */
const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content-filter',
  'tool-calls': 'tool-calls',
  error: 'error',
  other: 'other',
};

const stringOr = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

/** A tool input the stream delivered whole (not as deltas), as text for `inputText`. */
function inputTextOf(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input === undefined) return '';
  try {
    return JSON.stringify(input) ?? '';
  } catch {
    return '';
  }
}

interface ToolCall {
  inputText: string;
  settled: boolean;
}

/**
 * One run's reader of UI message stream chunks. The stream's text and reasoning ids name a part
 * only while it is open (the `ai` client forgets them at `*-end` and at `finish-step`), so an id
 * used again later opens a new part with a fresh part id.
 */
function createChunkHandler(sink: ActionSink): (event: SseEvent) => void {
  /** Stream id → part id, for the text and reasoning parts open now. */
  const openText = new Map<string, string>();
  const openReasoning = new Map<string, string>();
  /** Tool calls seen: their streamed input, and whether the stream said what became of it. */
  const tools = new Map<string, ToolCall>();
  const usedIds = new Set<string>();
  let generatedIds = 0;

  const freshId = (wanted: string): string => {
    let id = wanted;
    while (usedIds.has(id)) {
      generatedIds += 1;
      id = `${wanted}~${generatedIds}`;
    }
    usedIds.add(id);
    return id;
  };

  const openTextLike = (type: 'text' | 'reasoning', streamId: string): string => {
    const open = type === 'text' ? openText : openReasoning;
    const id = freshId(streamId);
    open.set(streamId, id);
    sink.start({ type, id });
    return id;
  };

  const appendTextLike = (type: 'text' | 'reasoning', streamId: string, delta: unknown) => {
    if (typeof delta !== 'string' || delta === '') return;
    // A delta without its start (older servers send none) opens the part itself.
    const id = (type === 'text' ? openText : openReasoning).get(streamId) ?? openTextLike(type, streamId);
    sink.append(id, delta);
  };

  const endTextLike = (type: 'text' | 'reasoning', streamId: string) => {
    const open = type === 'text' ? openText : openReasoning;
    const id = open.get(streamId);
    if (id === undefined) return;
    open.delete(streamId);
    sink.end(id);
  };

  const ensureTool = (chunk: Record<string, unknown>): string | undefined => {
    const id = chunk.toolCallId;
    if (typeof id !== 'string') return undefined;
    if (!tools.has(id)) {
      tools.set(id, { inputText: '', settled: false });
      usedIds.add(id);
      sink.start({ type: 'tool', id, name: stringOr(chunk.toolName, '') });
    }
    return id;
  };

  /** The tool a chunk about its input's fate names, marked settled. */
  const settleTool = (chunk: Record<string, unknown>): string | undefined => {
    const id = ensureTool(chunk);
    if (id !== undefined) (tools.get(id) as ToolCall).settled = true;
    return id;
  };

  /** At the end, a streamed input nobody settled is parsed now (invalid JSON → `output-error`). */
  const settleOpenTools = () => {
    for (const [id, tool] of tools) {
      if (!tool.settled && tool.inputText !== '') settleToolInput(sink, id, tool.inputText);
      tool.settled = true;
    }
  };

  const startSource = (id: string, fields: { url?: string; title?: string; mediaType?: string }) => {
    // The same source id again updates that source rather than listing it twice.
    usedIds.add(id);
    sink.start({ type: 'source', id, ...fields });
  };

  return (event) => {
    if (event.data === '[DONE]') {
      sink.done();
      return;
    }
    const chunk = parseRequiredJson(event.data, 'AI SDK', sink);
    if (!isRecord(chunk)) return;
    const type = chunk.type;
    if (typeof type !== 'string') {
      sink.ignore();
      return;
    }
    switch (type) {
      case 'text-delta':
        appendTextLike('text', stringOr(chunk.id, ''), chunk.delta);
        return;
      case 'reasoning-delta':
        appendTextLike('reasoning', stringOr(chunk.id, ''), chunk.delta);
        return;
      case 'tool-input-delta': {
        const id = ensureTool(chunk);
        const delta = chunk.inputTextDelta;
        if (id === undefined || typeof delta !== 'string' || delta === '') return;
        (tools.get(id) as ToolCall).inputText += delta;
        sink.append(id, delta);
        return;
      }
      case 'text-start':
        openTextLike('text', stringOr(chunk.id, ''));
        return;
      case 'text-end':
        endTextLike('text', stringOr(chunk.id, ''));
        if (Array.isArray(chunk.citations)) {
          for (const citation of chunk.citations as unknown[]) {
            const source = isRecord(citation) ? citation.source : undefined;
            if (!isRecord(source) || typeof source.id !== 'string') continue;
            startSource(source.id, {
              url: typeof source.url === 'string' ? source.url : undefined,
              title: typeof source.title === 'string' ? source.title : undefined,
              mediaType: typeof source.mediaType === 'string' ? source.mediaType : undefined,
            });
          }
        }
        return;
      case 'reasoning-start':
        openTextLike('reasoning', stringOr(chunk.id, ''));
        return;
      case 'reasoning-end':
        endTextLike('reasoning', stringOr(chunk.id, ''));
        return;
      case 'tool-input-start':
        ensureTool(chunk);
        return;
      case 'tool-input-available': {
        const id = settleTool(chunk);
        if (id === undefined) return;
        const tool = tools.get(id) as ToolCall;
        if (tool.inputText === '') {
          tool.inputText = inputTextOf(chunk.input);
          sink.replace(id, { inputText: tool.inputText, input: chunk.input, state: 'input-available' });
        } else {
          sink.replace(id, { input: chunk.input, state: 'input-available' });
        }
        return;
      }
      case 'tool-input-error': {
        // The model produced an input the tool's schema rejects (or not JSON at all).
        const id = settleTool(chunk);
        if (id === undefined) return;
        const tool = tools.get(id) as ToolCall;
        const errorText = messageOr(chunk.errorText, 'The tool input is not valid');
        if (tool.inputText === '') {
          tool.inputText = inputTextOf(chunk.input);
          sink.replace(id, { inputText: tool.inputText, input: undefined, errorText, state: 'output-error' });
        } else {
          sink.replace(id, { input: undefined, errorText, state: 'output-error' });
        }
        return;
      }
      case 'tool-approval-request': {
        const id = settleTool(chunk);
        if (id !== undefined) sink.replace(id, { state: 'approval-requested' });
        return;
      }
      case 'tool-approval-response': {
        // Approved: the call goes ahead with its input; denied: nothing will run.
        const id = settleTool(chunk);
        if (id === undefined) return;
        if (chunk.approved === true) sink.replace(id, { state: 'input-available' });
        else sink.replace(id, { state: 'output-denied', errorText: typeof chunk.reason === 'string' ? chunk.reason : undefined });
        return;
      }
      case 'tool-output-available': {
        const id = settleTool(chunk);
        if (id === undefined) return;
        sink.replace(id, {
          output: chunk.output,
          state: 'output-available',
          preliminary: chunk.preliminary === true ? true : undefined,
          errorText: undefined,
        });
        return;
      }
      case 'tool-output-error': {
        const id = settleTool(chunk);
        if (id === undefined) return;
        sink.replace(id, { errorText: messageOr(chunk.errorText, 'The tool failed'), state: 'output-error', preliminary: undefined });
        return;
      }
      case 'tool-output-denied': {
        const id = settleTool(chunk);
        if (id !== undefined) sink.replace(id, { state: 'output-denied' });
        return;
      }
      case 'source-url':
        startSource(stringOr(chunk.sourceId, 'source'), {
          url: stringOr(chunk.url, ''),
          title: typeof chunk.title === 'string' ? chunk.title : undefined,
        });
        return;
      case 'source-document':
        startSource(stringOr(chunk.sourceId, 'source'), {
          title: typeof chunk.title === 'string' ? chunk.title : typeof chunk.filename === 'string' ? chunk.filename : undefined,
          mediaType: typeof chunk.mediaType === 'string' ? chunk.mediaType : undefined,
        });
        return;
      case 'file':
      case 'reasoning-file':
        // Files carry no id on the wire; number them in arrival order.
        sink.start({ type: 'file', id: freshId('file'), url: stringOr(chunk.url, ''), mediaType: stringOr(chunk.mediaType, '') });
        return;
      case 'start-step':
        return;
      case 'finish-step':
        // The `ai` client forgets open text and reasoning ids here: the next step may reuse them.
        for (const id of openText.values()) sink.end(id);
        for (const id of openReasoning.values()) sink.end(id);
        openText.clear();
        openReasoning.clear();
        return;
      case 'start':
      case 'message-metadata':
        // Message ids and metadata describe the message, not its content.
        return;
      case 'finish':
        settleOpenTools();
        for (const id of openText.values()) sink.end(id);
        for (const id of openReasoning.values()) sink.end(id);
        openText.clear();
        openReasoning.clear();
        if (chunk.finishReason !== undefined) sink.finish(finishReasonFrom(FINISH_REASONS, chunk.finishReason));
        sink.done();
        return;
      case 'abort':
        sink.error('incomplete', messageOr(chunk.reason, 'The server aborted the AI SDK stream'));
        return;
      case 'error':
        sink.error('server', messageOr(chunk.errorText, 'The AI SDK stream reported an error'));
        return;
      default:
        if (type.startsWith('data-')) {
          // Latest wins as a status update; unless transient, also kept as a part replaced by id.
          sink.status(type, chunk.data);
          if (chunk.transient !== true) {
            const id = typeof chunk.id === 'string' ? chunk.id : freshId(type);
            usedIds.add(id);
            sink.start({ type: 'data', id, name: type.slice(5), data: chunk.data });
          }
          return;
        }
        // `custom`, `steering-message`, `reset-step`, `tool-approval-…` variants newer than this
        // reader, and any type a later version adds: skipped and counted, never fatal.
        sink.ignore();
    }
  };
}

/**
 * The UI message stream of the `ai` package (v5 and later; header `x-vercel-ai-ui-message-stream: v1`).
 * Every chunk type becomes part operations: text and reasoning parts, tool parts (streamed input,
 * approval, output, errors, denial), sources, files and `data-*` parts (also status updates,
 * latest wins; `transient` ones only as status). `finish` records its `finishReason` and ends
 * the stream; `abort` is `incomplete`, `error` a server error (the text so far is kept). A body cut
 * before `finish` / `[DONE]` is `incomplete`. Unknown chunk types are counted in `ignoredEvents`.
 * @example `createTokenStream({ url: '/api/chat', init: { method: 'POST', body }, protocol: aiSdk() })`
 */
export function aiSdk(): Protocol {
  return createSseProtocol('ai-sdk', createChunkHandler, true);
}
